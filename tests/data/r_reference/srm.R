# Reference Social Relations Model estimates for the SRM tests.
#  1. TripleR's round-robin (ANOVA) estimator on TripleR's own complete round-robin data
#     (likingLong, variable liking_a; 54 people, 2 862 answers): effects, relationship
#     effects, variance components and their Lashley-Bond standard errors.
#  2. lme4's REML fit of the multilevel SRM  y ~ 1 + (1|rater) + (1|ratee) + (1|dyad)  on
#     (a) the Pleven trust answers (pleven_trust_answers.csv, written by export_inputs.py) and
#     (b) an incomplete design cut from likingLong by a fixed rule (written out here).
# Run from this folder:  Rscript srm.R > srm_versions.txt
# TripleR is not in Debian: it was installed from its source (github nicebread/TripleR,
# package/ folder, version in srm_versions.txt) with R CMD INSTALL into a private library.
# a private library holding TripleR (see README.md): R_LIBS_USER or TRIPLER_LIB
if (nzchar(Sys.getenv("TRIPLER_LIB"))) .libPaths(c(Sys.getenv("TRIPLER_LIB"), .libPaths()))
suppressMessages({library(TripleR); library(lme4)})
options(digits = 17)

data(likingLong)
liking <- likingLong[!is.na(likingLong$liking_a) & likingLong$perceiver.id != likingLong$target.id,
                     c("perceiver.id", "target.id", "liking_a")]
colnames(liking) <- c("rater", "ratee", "value")
write.csv(liking, "liking_complete.csv", row.names = FALSE)
rr <- RR(liking_a ~ perceiver.id * target.id, data = likingLong, verbose = FALSE)
eff <- rr$effects
write.csv(data.frame(id = eff$id, actor = eff[[2]], partner = eff[[3]]),
          "triple_r_liking_effects.csv", row.names = FALSE)
rel <- rr$effectsRel
write.csv(data.frame(rater = rel$actor.id, ratee = rel$partner.id,
                     relationship = rel$relationship),
          "triple_r_liking_relationship.csv", row.names = FALSE)
vc <- rr$varComp
write.csv(data.frame(type = vc$type, estimate = vc$estimate, standardized = vc$standardized,
                     se = vc$se), "triple_r_liking_varcomp.csv", row.names = FALSE)

fit_srm <- function(d, stem) {
  d$dyad <- ifelse(as.character(d$rater) < as.character(d$ratee),
                   paste(d$rater, d$ratee, sep = "|"), paste(d$ratee, d$rater, sep = "|"))
  d$rater <- factor(d$rater); d$ratee <- factor(d$ratee); d$dyad <- factor(d$dyad)
  ctrl <- lmerControl(optimizer = "bobyqa",
                      optCtrl = list(rhobeg = 0.2, rhoend = 1e-12, maxfun = 1e6),
                      check.conv.singular = "ignore")
  m <- lmer(value ~ 1 + (1 | rater) + (1 | ratee) + (1 | dyad), data = d, REML = TRUE,
            control = ctrl)
  vc <- as.data.frame(VarCorr(m))
  write.csv(data.frame(component = c(vc$grp, "intercept", "reml_criterion"),
                       value = c(vc$vcov, fixef(m)[[1]], REMLcrit(m))),
            sprintf("lme4_%s_components.csv", stem), row.names = FALSE)
  re <- ranef(m, condVar = TRUE)
  for (grp in c("rater", "ratee", "dyad")) {
    post <- attr(re[[grp]], "postVar")
    write.csv(data.frame(level = rownames(re[[grp]]), blup = re[[grp]][, 1],
                         se = sqrt(post[1, 1, ])),
              sprintf("lme4_%s_%s.csv", stem, grp), row.names = FALSE)
  }
}
pleven <- read.csv("pleven_trust_answers.csv", stringsAsFactors = FALSE)
colnames(pleven) <- c("rater", "ratee", "value")
fit_srm(pleven, "pleven")
cut <- liking[(liking$rater * 7 + liking$ratee * 3) %% 10 < 6, ]
write.csv(cut, "liking_incomplete.csv", row.names = FALSE)
cut$rater <- sprintf("p%02d", cut$rater); cut$ratee <- sprintf("p%02d", cut$ratee)
fit_srm(cut, "liking_incomplete")

cat(R.version.string, "\n")
for (p in c("TripleR", "lme4", "Matrix", "minqa")) cat(p, as.character(packageVersion(p)), "\n")
cat("liking complete:", nrow(liking), "answers; incomplete:", nrow(cut), "answers\n")
