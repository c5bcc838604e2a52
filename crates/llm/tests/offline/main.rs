//! The client's pure parts, no network: config, JSON extraction, schema checks, retry policy,
//! messages and token accounting.

mod config;
mod extract;
mod messages;
mod retry_policy;
mod schema;
