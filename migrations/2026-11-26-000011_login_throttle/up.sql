-- Failed logins counted per key (an account from one address, an address, an account) in a
-- short window, in PostgreSQL so that every instance of the API shares the counts.
CREATE TABLE login_throttle (
    key text PRIMARY KEY CHECK (char_length(key) <= 400),
    failures integer NOT NULL CHECK (failures >= 0),
    window_started_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_throttle_window ON login_throttle (window_started_at);
