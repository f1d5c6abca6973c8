//! The web client's own read queries, for fields a page
//! shows that the contract's documents do not ask for. They read the same
//! public schema as any client.
