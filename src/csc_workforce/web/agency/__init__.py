"""Agency pages: a council's engagement register and findings, the region's caps and compliance report."""
