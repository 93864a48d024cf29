//! Conflict analysis in the Graph Model for Conflict Resolution (GMCR).
