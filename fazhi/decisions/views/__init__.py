"""Pages of the decisions app: the year's catalog, a decision's page, the figures, the Excel
import and export, the archive."""
