DROP TABLE compensations;
DROP TABLE impact_measure_appeals;
DROP TABLE impact_measures;
