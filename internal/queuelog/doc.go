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
// A batch that only deletes jobs, and whose caller did not ask for a sync
// now (Batch.SyncNow), starts no sync of its own: its records go out with
// the next batch that does start one, or after Options.RemoveDelay (2 ms)
// if none comes. Under load, delivered jobs are thus removed for free; the
// delete is still acknowledged only once it is durable, and a crash before
// that only means delivering the job again.
//
// Leases are not logged. Only a single node uses this log, and a restarted
// node owns no job: every recovered job is unleased.
//
// Jobs a batch puts are hidden from every other batch until it commits:
// the writer cannot claim, change or delete a job whose put is not yet in
// the log, so no delete can ever land ahead of its put.
//
// # Memory
//
// Documents stay on disk; the index keeps about 126 bytes per queued job
// (BenchmarkMemoryPerQueuedJob, 200,000 jobs), so a backlog of a million
// jobs behind a target that is down costs about 126 MB.
//
// # Records and recovery
//
// A record is a length, a CRC-32C and a body: a segment header, a put (job
// id, due time, document) or a delete (job ids). The checksum also covers
// the segment's sequence number, so that records left in a reused file
// read as garbage. Open reads the segments in order and replays them; a
// put replaces the job of the same id, a delete removes it.
//
// Each segment's header records where the previous segment's records end,
// and the syncer syncs a segment before it writes the next one's header.
// So an older segment must hold whole, valid records up to that point; if
// it does not, it is damaged and Open fails rather than silently lose jobs
// or bring deleted ones back. Only the last segment may end in a record
// that a crash cut short, which was never acknowledged; Open then starts a
// new segment rather than write after it, and syncs the last one first, so
// that the new header never vouches for records still only in the page
// cache of a killed process. Segments at the end that never got their
// header hold nothing and are removed.
//
// After a failed write or sync the log acknowledges nothing more: what the
// file holds from that point is unknown, and recovery would stop there.
// The server must be restarted.
//
// # Segments
//
// A segment is retired when it is the oldest, holds no live job's current
// record, and the records that moved or deleted its jobs are synced.
// Deletes only ever come after their puts, so retiring from the oldest end
// never brings a deleted job back. A job that stays queued for long (a
// target that is down) would pin its segment and every one after it, so
// when the oldest segment is less than half live, its live jobs are
// written again at the head of the log and the segment retires. Nobody
// waits for that rewrite: it goes out with the next sync, as a delete
// does, and the segment retires only once it is synced.
//
// A new segment is a file whose blocks are already written: a retired
// segment renamed, or a spare written full of zeros in the background.
// fdatasync after overwriting costs about half the CPU and time of
// fdatasync after appending, which must also commit the file's new size
// to the file system's journal. The folder is synced after the rename and
// before any record goes into the file.
package queuelog
