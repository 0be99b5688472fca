"""Stage `normalise`: figure phrases -> intervals with a qualifier, units, dates."""
