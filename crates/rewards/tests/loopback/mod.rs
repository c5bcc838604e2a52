//! The reward server on a real loopback socket and a client for it, for the server's tests.
#![allow(dead_code)]

use std::sync::Arc;

use relayout_rewards::server::{ServerConfig, ServerState, router};
use serde_json::Value;

/// A server listening on a loopback port.
pub struct Running {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The server's state (its counters).
    pub state: Arc<ServerState>,
    /// The client the helpers below use.
    pub http: reqwest::Client,
}

/// Status, JSON body (`Null` when it is not JSON) and `retry-after` of an answer.
pub type Reply = (u16, Value, Option<String>);

/// Serves `config`'s router with axum on a free loopback port.
pub async fn start(config: ServerConfig) -> Running {
    let (app, state) = router(config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Running {
        base: format!("http://{addr}"),
        state,
        http: reqwest::Client::new(),
    }
}

impl Running {
    /// Posts `body` (sent as it is: it may be broken JSON) to `/v1/rewards`.
    pub async fn post(&self, body: impl Into<reqwest::Body>) -> Reply {
        let r = self
            .http
            .post(format!("{}/v1/rewards", self.base))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let retry = r
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_string());
        let v = r.json::<Value>().await.unwrap_or(Value::Null);
        (status, v, retry)
    }

    /// Posts a JSON value to `/v1/rewards`.
    pub async fn post_json(&self, body: &Value) -> Reply {
        self.post(body.to_string()).await
    }

    /// `GET /health`'s JSON.
    pub async fn health(&self) -> Value {
        let r = self.http.get(format!("{}/health", self.base)).send().await;
        r.unwrap().json().await.unwrap()
    }
}
