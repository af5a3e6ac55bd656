package wesng

import (
	"bufio"
	"bytes"
	"io"

	"github.com/affected-dev/affected/internal/extract"
)

// csvReader reads wesng's CSV (RFC 4180: fields in double quotes, ""
// for a quote, line breaks allowed inside quotes; some empty fields are
// unquoted). It is a few times faster than encoding/csv on the 135 MB
// definitions, because it copies nothing it does not keep: fields are
// slices of the line buffer, valid until the next call, and interned
// when kept.
type csvReader struct {
	r      *bufio.Reader
	name   string
	line   int // line of the record last read (1-based)
	next   int // line the next record starts on
	buf    []byte
	fields [][]byte
	ends   []int // end offsets of fields in buf, for unquoting in place
}

func newCSVReader(r io.Reader, name string) *csvReader {
	return &csvReader{r: bufio.NewReaderSize(r, 1<<20), name: name, next: 1}
}

// read returns the fields of the next record, or io.EOF.
func (c *csvReader) read() ([][]byte, error) {
	c.line = c.next
	c.buf = c.buf[:0]
	c.fields = c.fields[:0]
	for {
		line, err := c.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			c.buf = append(c.buf, line...)
			continue
		}
		if err != nil && err != io.EOF {
			return nil, extract.Errorf(c.name, extract.Pos{Line: c.next}, msgRead, err)
		}
		if len(line) == 0 && err == io.EOF {
			if len(c.buf) == 0 {
				return nil, io.EOF
			}
			return nil, extract.Errorf(c.name, extract.Pos{Line: c.line}, msgUnterminated)
		}
		c.buf = append(c.buf, line...)
		c.next++
		if quotesBalanced(c.buf) {
			break
		}
		if err == io.EOF {
			return nil, extract.Errorf(c.name, extract.Pos{Line: c.line}, msgUnterminated)
		}
	}
	rec := bytes.TrimRight(c.buf, "\r\n")
	return c.split(rec)
}

// quotesBalanced reports whether b has an even number of double quotes: a
// record ends at a line break outside quotes.
func quotesBalanced(b []byte) bool {
	return bytes.Count(b, []byte{'"'})%2 == 0
}

// split cuts a record into fields, unquoting in place.
func (c *csvReader) split(rec []byte) ([][]byte, error) {
	i := 0
	for {
		if i < len(rec) && rec[i] == '"' {
			// Quoted: copy the content down over the quotes.
			w := i
			j := i + 1
			for {
				k := bytes.IndexByte(rec[j:], '"')
				if k < 0 {
					return nil, extract.Errorf(c.name, extract.Pos{Line: c.line, Col: i + 1}, msgUnterminated)
				}
				w += copy(rec[w:], rec[j:j+k])
				j += k + 1
				if j < len(rec) && rec[j] == '"' { // "" is a quote
					rec[w] = '"'
					w++
					j++
					continue
				}
				break
			}
			c.fields = append(c.fields, rec[i:w])
			if j == len(rec) {
				return c.fields, nil
			}
			if rec[j] != ',' {
				return nil, extract.Errorf(c.name, extract.Pos{Line: c.line, Col: j + 1}, msgAfterQuote)
			}
			i = j + 1
			continue
		}
		k := bytes.IndexByte(rec[i:], ',')
		if k < 0 {
			c.fields = append(c.fields, rec[i:])
			return c.fields, nil
		}
		c.fields = append(c.fields, rec[i:i+k])
		i += k + 1
	}
}
