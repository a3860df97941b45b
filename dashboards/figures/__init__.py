"""Pure figure builders: data frames in, plotly figures or cytoscape elements out."""
