-- Requests counted per key (the public lookup per client address) in a fixed window, in
-- PostgreSQL so that every instance of the API shares one limit.
CREATE TABLE request_limits (
    key text PRIMARY KEY CHECK (char_length(key) <= 400),
    hits integer NOT NULL CHECK (hits >= 0),
    window_started_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_limits_window ON request_limits (window_started_at);
