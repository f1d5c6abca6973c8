//! Black-box tests: the real server on a free port, spoken to over HTTP.
//! Run on SQLite by default, and on PostgreSQL when
//! `COFORUM_TEST_DATABASE_URL` names a server.

mod common;

mod accounts;
mod api_tokens;
mod change_password;
mod cli;
mod email_change;
mod forums;
mod http;
mod invite_by_email;
mod invite_withdrawal;
mod invites;
mod members;
mod my_account;
mod notification_mail;
mod notifications;
mod own_sessions;
mod password_reset;
mod roles;
mod schema;
mod sessions;
mod smoke;

// Findings, prioritisation rounds, priorities and trends.
mod auto_close;
mod ballots;
mod batching;
mod cached_rankings;
mod findings;
mod forum_revisions;
mod kept_answers;
mod priorities;
mod published_priorities;
mod results;
mod rounds;
mod running_totals;
mod support;
mod tallies;
mod trends;

// Co-designed improvements, comments, decisions, progress, "you said, we did".
mod co_design;
mod comments;
mod decisions;
mod forum_reports;
mod improvements;
mod learning_plans;
mod moderation;
mod progress;
mod revisions;
mod you_said_we_did;

// The feedback log: complaints, requests, compliments, suggestions.
mod feedback_access;
mod feedback_log;
mod feedback_report;
mod feedback_support;

// When the database is gone.
mod outage;

// Hardening: load, several servers.
mod assisted_voting;
mod audit_log;
mod authorization_matrix;
mod browser_safety;
mod fuzz;
mod limits;
mod no_lost_votes;
mod outbox;
mod query_cost;
mod several_servers;
mod web_account;
mod web_ballot_words;
mod web_csrf;
mod web_email_sessions;
mod web_feedback;
mod web_feedback_item;
mod web_feedback_report;
mod web_forum_home;
mod web_invites;
mod web_join;
mod web_members;
mod web_moderation;
mod web_notifications;
mod web_priorities;
mod web_roles;
mod web_sessions;

// Security limits (issue 13): slow clients, password spraying, device cookies.
mod device_cookies;
mod slow_clients;
mod spraying;
mod trusted_proxies;

// The benchmark's data generator: with the `bench` feature, and not without.
mod seed_bench;
mod without_bench;
