//! The pipeline with the `openai` backend against a real HTTP server on loopback (wiremock):
//! a mock model that plans like the offline planner, and every way an answer can go wrong.

mod support;

mod concurrency;
mod revision;
mod robustness;
mod secrets;
mod server_limits;
mod weak_model;
