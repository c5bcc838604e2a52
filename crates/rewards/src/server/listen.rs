//! Accepting connections so that slow and stalled clients cannot block the server: a bound on
//! open connections (the next is accepted when one closes; the kernel's backlog holds the
//! rest), a time limit on each request's headers (hyper's, with tokio's timer), and — in the
//! handler — a time limit on its body. Admission to the scoring queue is counted only once a
//! body has arrived, so clients waiting on their own bytes hold no slot of the queue.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::sync::Semaphore;

use super::{ServerConfig, router};

/// How long a shutdown waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves on `listener` until `shutdown` resolves (then lets requests in flight finish, up to
/// ten seconds).
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: ServerConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let header_timeout = config.header_timeout;
    let open = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let (app, _) = router(config);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = open.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let conn = connection(&app, stream, header_timeout);
        let watched = graceful.watch(conn);
        tokio::spawn(async move {
            // The connection's slot is free again when it closes, however it closes.
            let _slot = permit;
            let _ = watched.await;
        });
    }
    let _ = tokio::time::timeout(DRAIN, graceful.shutdown()).await;
    Ok(())
}

/// One HTTP/1 connection of the router, its headers due within `header_timeout`.
fn connection(
    app: &Router,
    stream: tokio::net::TcpStream,
    header_timeout: Duration,
) -> hyper::server::conn::http1::Connection<
    TokioIo<tokio::net::TcpStream>,
    TowerToHyperService<Router>,
> {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()))
}
