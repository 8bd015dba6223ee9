
// Not implemented yet.
