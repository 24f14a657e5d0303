package queuelog

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// segment is one file of the log. Records are written at its end with
// pwrite; size counts the bytes committed to it, of which the first
// written are in the file.
type segment struct {
	seq     uint64
	f       *os.File
	size    int64 // bytes committed, including those still pending
	written int64 // bytes in the file

	live      int    // jobs whose current record is here
	liveBytes int64  // about how many of its bytes those records take
	dropGen   uint64 // the last commit that moved or deleted a job of it
}

const segmentSuffix = ".seg"

func segmentPath(dir string, seq uint64) string {
	return filepath.Join(dir, fmt.Sprintf("%016d%s", seq, segmentSuffix))
}

// listSegments returns the sequence numbers of dir's segment files in
// order.
func listSegments(dir string) ([]uint64, error) {
	names, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list queue segments: %w", err)
	}
	var seqs []uint64
	for _, de := range names {
		name, ok := strings.CutSuffix(de.Name(), segmentSuffix)
		if !ok {
			continue
		}
		seq, err := strconv.ParseUint(name, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("queue segment %s: unexpected name", de.Name())
		}
		seqs = append(seqs, seq)
	}
	slices.Sort(seqs)
	return seqs, nil
}

// createSegment creates an empty segment file; the caller writes its
// header record.
func createSegment(dir string, seq uint64) (*segment, error) {
	f, err := os.OpenFile(segmentPath(dir, seq), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create queue segment: %w", err)
	}
	return &segment{seq: seq, f: f}, nil
}

// readAt reads n bytes at off from the file.
func (s *segment) readAt(off int64, n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := s.f.ReadAt(b, off); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("read queue segment %d at %d: %w", s.seq, off, err)
	}
	return b, nil
}

// syncDir makes the folder's entries (a created or removed segment)
// durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	return errors.Join(err, d.Close())
}

// Spare segments. Overwriting blocks a file already has makes fdatasync
// cheaper than appending, which must also commit the file's new size and
// blocks to the file system's journal: on the machine of BENCHMARKS.md,
// about 50 µs of CPU and 140 µs instead of 100 µs and 270 µs. So a new
// segment is a file written full of zeros ahead of time, or a retired
// segment renamed, and its records overwrite what was there.
const (
	spareName    = "next.spare"
	spareTmpName = "next.spare.tmp"
)

// findSpare notes a spare left by an earlier run, and removes a half-made
// one. Called by Open.
func (l *Log) findSpare() error {
	if err := os.Remove(filepath.Join(l.dir, spareTmpName)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	fi, err := os.Stat(filepath.Join(l.dir, spareName))
	l.spareReady = err == nil && fi.Size() >= l.segMax
	return nil
}

// newSegment makes the file of segment seq: the spare if there is one,
// else a new empty file. It syncs the folder before anything is written to
// the file: were the new name lost in a crash, records synced into the
// file would be lost with it, and a later segment could take the same
// number, under which the file's records would read as valid again.
func (l *Log) newSegment(seq uint64) (*segment, error) {
	path := segmentPath(l.dir, seq)
	var s *segment
	if l.spareReady {
		l.spareReady = false
		if err := os.Rename(filepath.Join(l.dir, spareName), path); err == nil {
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				_ = os.Remove(path) // so that the next try can create it
				return nil, fmt.Errorf("open queue segment: %w", err)
			}
			s = &segment{seq: seq, f: f}
		}
	}
	if s == nil {
		var err error
		if s, err = createSegment(l.dir, seq); err != nil {
			return nil, err
		}
	}
	if err := syncDir(l.dir); err != nil {
		_ = s.f.Close()
		_ = os.Remove(path)
		return nil, fmt.Errorf("sync queue folder: %w", err)
	}
	return s, nil
}

// recycle retires s: its file becomes the spare if there is none, and is
// removed otherwise. Its records fail their checksums as records of any
// other segment. A removal or rename lost in a crash is harmless: an old
// segment's records replay before the deletes that follow them. Called
// with mu held.
func (l *Log) recycle(s *segment) {
	path := segmentPath(l.dir, s.seq)
	fi, err := s.f.Stat()
	_ = s.f.Close()
	if err == nil && fi.Size() >= l.segMax && !l.spareReady && !l.making {
		if os.Rename(path, filepath.Join(l.dir, spareName)) == nil {
			l.spareReady = true
			_ = syncDir(l.dir)
			return
		}
	}
	if os.Remove(path) == nil {
		_ = syncDir(l.dir)
	}
}

// prepareSpare starts writing a spare in the background unless one is
// ready or on its way. Commits call it once the active segment is a
// quarter full, so that a log that sees little traffic never writes one.
// Called with mu held.
func (l *Log) prepareSpare() {
	if l.spareReady || l.making {
		return
	}
	l.making = true
	l.preparing.Add(1)
	go func() {
		defer l.preparing.Done()
		err := writeZeros(filepath.Join(l.dir, spareTmpName), l.segMax)
		l.mu.Lock()
		defer l.mu.Unlock()
		l.making = false
		if err == nil && os.Rename(filepath.Join(l.dir, spareTmpName), filepath.Join(l.dir, spareName)) == nil {
			l.spareReady = true
			return
		}
		// Without a spare, the next segment is a plain file: slower to
		// sync, no less durable.
		_ = os.Remove(filepath.Join(l.dir, spareTmpName))
	}()
}

// writeZeros creates path with size zero bytes, synced.
func writeZeros(path string, size int64) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	zeros := make([]byte, min(size, 1<<20))
	for left := size; left > 0 && err == nil; left -= int64(len(zeros)) {
		_, err = f.Write(zeros[:min(left, int64(len(zeros)))])
	}
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}
