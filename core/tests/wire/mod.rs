//! What the tests' own small servers share: reading a request's head off a socket.

use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// The bytes read until the blank line that ends a request's head (with any read along with
/// it), or `None` when the peer closed or the read failed first.
pub async fn read_head(tcp: &mut TcpStream) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match tcp.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
    }
    Some(head)
}
