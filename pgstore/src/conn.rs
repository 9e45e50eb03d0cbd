//! The connection pool: r2d2 over our own manager, whose connections carry a cache of
//! prepared statements (each query is parsed and planned once per connection, not once per
//! call: one round trip instead of two).

use std::collections::HashMap;

use postgres::{Client, NoTls, Statement};

/// A pooled connection and its prepared statements, by SQL text.
pub(crate) struct Conn {
    pub client: Client,
    pub statements: HashMap<String, Statement>,
}

/// Opens connections with one configuration (the search path included).
#[derive(Debug)]
pub(crate) struct Manager {
    pub config: postgres::Config,
}

impl r2d2::ManageConnection for Manager {
    type Connection = Conn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Conn, postgres::Error> {
        Ok(Conn {
            client: self.config.connect(NoTls)?,
            statements: HashMap::new(),
        })
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.client.is_closed()
    }
}
