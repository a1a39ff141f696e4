/**
 * Place names for the audit screens: GB/T 2260 + township digits (9-digit
 * township codes) and GB/T 10114 12-digit village codes, keyed by the same
 * INTEGER the audit tables hold, so a screen's query reaches a name by one
 * primary-key lookup. Public administrative data, not personal data.
 *
 * source says where a name came from: 'counter' (this township's villages as
 * the counter keeps them), 'gazetteer' (the county file named by
 * HUIMIN_PLACES) or 'demo' (the demo gazetteer, demo mode only). The counter's
 * names win: triggers copy counter_villages here as it changes, and the
 * loaders never overwrite a 'counter' row.
 */
export const sql = `
CREATE TABLE place_names (
  code   INTEGER PRIMARY KEY CHECK (code BETWEEN 100000000 AND 999999999 OR code BETWEEN 100000000000 AND 999999999999),
  name   TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  source TEXT    NOT NULL CHECK (source IN ('counter', 'gazetteer', 'demo'))
);

INSERT INTO place_names (code, name, source) SELECT CAST(code AS INTEGER), name, 'counter' FROM counter_villages;

CREATE TRIGGER place_names_counter_insert AFTER INSERT ON counter_villages BEGIN
  INSERT INTO place_names (code, name, source) VALUES (CAST(new.code AS INTEGER), new.name, 'counter')
    ON CONFLICT(code) DO UPDATE SET name = excluded.name, source = 'counter';
END;
CREATE TRIGGER place_names_counter_update AFTER UPDATE ON counter_villages BEGIN
  DELETE FROM place_names WHERE code = CAST(old.code AS INTEGER) AND source = 'counter';
  INSERT INTO place_names (code, name, source) VALUES (CAST(new.code AS INTEGER), new.name, 'counter')
    ON CONFLICT(code) DO UPDATE SET name = excluded.name, source = 'counter';
END;
CREATE TRIGGER place_names_counter_delete AFTER DELETE ON counter_villages BEGIN
  DELETE FROM place_names WHERE code = CAST(old.code AS INTEGER) AND source = 'counter';
END;
`
