// The request header that carries the socket's peer address from the portal's own
// server (scripts/portal-server.mjs) to the request handlers: Next.js gives route
// handlers, server actions and pages no socket, and its own X-Forwarded-For is the
// client's when the client sent one. The server deletes whatever the client sent
// under this name before it stamps the real address, so no request can choose it.
module.exports = { peerAddressHeader: 'x-scanshare-peer-address' };
