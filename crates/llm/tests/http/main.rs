//! The client against a real HTTP server on loopback (wiremock), replaying realistic and
//! broken answers.

mod absurd_headers;
mod answers;
mod basic;
mod fallback;
mod retry;
mod secrets;
mod streaming;
mod support;
