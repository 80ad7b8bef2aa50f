-- A migration whose second statement fails.
CREATE TABLE IF NOT EXISTS test_b (id INTEGER PRIMARY KEY);
THIS IS NOT SQL;
