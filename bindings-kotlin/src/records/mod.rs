//! The records that cross the boundary: requests in, answers out.

mod payment;
mod requests;
mod results;
