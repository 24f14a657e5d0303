package queuelog

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
)

// Record kinds.
const (
	// kindHeader opens every segment with the next job id at its creation,
	// so ids keep growing even after every older segment has retired, and
	// with where the records of the segment before it end, so that
	// recovery can tell a damaged older segment from a complete one.
	kindHeader byte = 1
	// kindPut is a job: id, due time and document. A later put of the same
	// id replaces it.
	kindPut byte = 2
	// kindDelete removes jobs by id.
	kindDelete byte = 3
)

// frameSize is the length and checksum ahead of every record body.
const frameSize = 8

// The checksum of a record covers its segment's sequence number as well as
// its body. Segment files are reused once retired, and records left over
// from a file's earlier life then fail their checksum: they read as the end
// of the segment, not as records.

// maxBody bounds a record body. A job document is at most a few hundred
// kilobytes (an event and its payload); anything larger in a length field
// is a torn or corrupt frame, not a record to allocate for.
const maxBody = 16 << 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

var (
	errTorn    = errors.New("record cut short")
	errCorrupt = errors.New("record checksum or contents invalid")
)

// closeFrame fills the frame header of the record whose body the caller has
// written at b[at+frameSize:]; at is where the frame starts. Writing the body
// in place spares a copy of every document.
func closeFrame(b []byte, at int, seq uint64) []byte {
	body := b[at+frameSize:]
	binary.LittleEndian.PutUint32(b[at:], uint32(len(body)))
	binary.LittleEndian.PutUint32(b[at+4:], checksum(seq, body))
	return b
}

func checksum(seq uint64, body []byte) uint32 {
	var s [8]byte
	binary.LittleEndian.PutUint64(s[:], seq)
	return crc32.Update(crc32.Checksum(s[:], castagnoli), castagnoli, body)
}

// openFrame reserves room for a frame header; closeFrame fills it.
func openFrame(b []byte) ([]byte, int) {
	at := len(b)
	return append(b, make([]byte, frameSize)...), at
}

func appendHeader(b []byte, seq uint64, nextID, prevEnd int64) []byte {
	b, at := openFrame(b)
	b = append(b, kindHeader)
	b = binary.AppendUvarint(b, uint64(nextID))
	b = binary.AppendUvarint(b, uint64(prevEnd))
	return closeFrame(b, at, seq)
}

// appendPut appends a put record and returns where, inside b, its document
// starts.
func appendPut(b []byte, seq uint64, id, dueMillis int64, doc []byte) ([]byte, int) {
	b, at := openFrame(b)
	b = append(b, kindPut)
	b = binary.AppendUvarint(b, uint64(id))
	b = binary.AppendVarint(b, dueMillis)
	docAt := len(b)
	b = append(b, doc...)
	return closeFrame(b, at, seq), docAt
}

func appendDelete(b []byte, seq uint64, ids []int64) []byte {
	b, at := openFrame(b)
	b = append(b, kindDelete)
	for _, id := range ids {
		b = binary.AppendUvarint(b, uint64(id))
	}
	return closeFrame(b, at, seq)
}

// record is one decoded record. Doc and DocAt refer into the buffer that
// was read.
type record struct {
	kind    byte
	nextID  int64   // kindHeader
	prevEnd int64   // kindHeader: end of the previous segment's records
	id      int64   // kindPut
	due     int64   // kindPut, Unix milliseconds
	doc     []byte  // kindPut
	docAt   int     // kindPut: offset of doc from the start of the frame
	ids     []int64 // kindDelete
}

// readRecord decodes the record of segment seq at the start of b and
// returns its total size. errTorn means b ends inside the frame;
// errCorrupt means the frame is whole but its checksum or body is wrong.
func readRecord(b []byte, seq uint64) (record, int, error) {
	if len(b) < frameSize {
		return record{}, 0, errTorn
	}
	n := binary.LittleEndian.Uint32(b)
	if n == 0 || n > maxBody {
		return record{}, 0, errCorrupt
	}
	if uint64(len(b)-frameSize) < uint64(n) {
		return record{}, 0, errTorn
	}
	body := b[frameSize : frameSize+int(n)]
	if checksum(seq, body) != binary.LittleEndian.Uint32(b[4:]) {
		return record{}, 0, errCorrupt
	}
	r, err := decodeBody(body)
	if err != nil {
		return record{}, 0, err
	}
	r.docAt += frameSize
	return r, frameSize + int(n), nil
}

func decodeBody(body []byte) (record, error) {
	r := record{kind: body[0]}
	rest := body[1:]
	uvarint := func() (int64, bool) {
		v, n := binary.Uvarint(rest)
		if n <= 0 || v > 1<<62 {
			return 0, false
		}
		rest = rest[n:]
		return int64(v), true
	}
	ok := true
	switch r.kind {
	case kindHeader:
		r.nextID, ok = uvarint()
		if ok {
			r.prevEnd, ok = uvarint()
		}
		ok = ok && len(rest) == 0
	case kindPut:
		r.id, ok = uvarint()
		if ok {
			var n int
			r.due, n = binary.Varint(rest)
			ok = n > 0
			if ok {
				rest = rest[n:]
				r.doc = rest
				r.docAt = len(body) - len(rest)
			}
		}
	case kindDelete:
		for ok && len(rest) > 0 {
			var id int64
			id, ok = uvarint()
			r.ids = append(r.ids, id)
		}
	default:
		ok = false
	}
	if !ok {
		return record{}, errCorrupt
	}
	return r, nil
}
