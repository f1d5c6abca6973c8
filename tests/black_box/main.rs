//! Black-box tests: the real server on a free port, spoken to over HTTP.
//! Run on SQLite by default, and on PostgreSQL when
//! `COFORUM_TEST_DATABASE_URL` names a server.

mod common;

mod smoke;
