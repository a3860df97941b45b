# Reference brokerage scores from R sna::brokerage for the Pleven sample dataset.
# Inputs come from export_inputs.py (arcs 1-based, one row per arc; undirected ties listed in
# both directions). Run from this folder: Rscript brokerage.R > brokerage_versions.txt
suppressMessages(library(sna))
for (mode in c("undirected", "directed")) {
  arcs <- read.csv(sprintf("pleven_%s_arcs.csv", mode))
  vert <- read.csv(sprintf("pleven_%s_vertices.csv", mode), stringsAsFactors = FALSE)
  n <- nrow(vert)
  el <- cbind(as.matrix(arcs), 1)
  attr(el, "n") <- n
  attr(el, "vnames") <- vert$id
  b <- brokerage(el, vert$sector)
  out <- data.frame(id = vert$id, sector = vert$sector,
                    raw = b$raw.nli[, 1:5], exp = b$exp.nli[, 1:5],
                    sd = b$sd.nli[, 1:5], z = b$z.nli[, 1:5])
  write.csv(out, sprintf("sna_brokerage_pleven_%s.csv", mode), row.names = FALSE)
}
cat(R.version.string, "\n")
cat("sna", as.character(packageVersion("sna")), "\n")
cat("network", as.character(packageVersion("network")), "\n")
