// Is the server answering? The readiness and connection check (one row, ok = 1).
RETURN 1 AS ok
