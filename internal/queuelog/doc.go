// Package queuelog is the embedded store's durable delivery queue: an
// append-only log of job records in segment files, with the live jobs
// indexed in memory.
//
// # Why a log
//
// A delivery job lives for milliseconds: it is written when PutEvents
// accepts an event and removed when the target answers. Kept as rows of a
// B-tree, every job costs an insert and a delete, each dirtying pages that
// the commit writes out again. Here a job costs two small records appended
// to a file, and a commit is one write and one fdatasync for every job of
// the group, however many.
//
// # Durability
//
// Changes are made in a Batch and take effect in memory at once, so the
// batch sees its own writes. Commit appends the batch's records to the
// pending buffer; one syncer goroutine writes everything pending with one
// write per segment, fdatasyncs, and only then calls each batch's done
// function. Batches that commit while a sync runs form the next group, so
// the disk never holds up the CPU work of the requests behind it. A batch
// is acknowledged only after its records are on stable storage: kill -9
// after an acknowledgement loses nothing.
//
// Leases are not logged. Only a single node uses this log, and a restarted
// node owns no job: every recovered job is unleased.
//
// # Records and recovery
//
// A record is a length, a CRC-32C and a body: a put (job id, due time,
// document) or a delete (job ids). Open reads the segments in order and
// replays them; a put replaces the job of the same id, a delete removes it.
// A record cut short or failing its checksum at the end of the last
// segment is a write that was never acknowledged and is cut off; anywhere
// else it is corruption, and Open fails.
//
// # Segments
//
// A segment is retired when it is the oldest and holds no live job's
// current record. Deletes only ever come after their puts, so retiring from
// the oldest end never brings a deleted job back. A job that stays queued
// for long (a target that is down) would pin its segment and every one
// after it, so when the oldest segment is less than half live, its live
// jobs are written again at the head of the log and the segment retires.
package queuelog
