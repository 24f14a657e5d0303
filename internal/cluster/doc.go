// Package cluster lets several Bridgeport nodes that share one PostgreSQL
// database act as one service without a distributed system of their own:
//
//   - Changes broadcasts, with LISTEN/NOTIFY, that a rule changed, so every
//     node refreshes its in-memory router within moments; a node that
//     reconnects (and so may have missed notifications) is told to resync.
//   - Leader runs cluster-wide chores on exactly one node at a time, the one
//     holding a session advisory lock; when that node dies its connection
//     closes, the lock is released, and another node takes over.
package cluster
