package pattern

import "testing"

func TestSmoke(t *testing.T) {
	p, err := Parse(`{"source":["aws.ec2"],"detail":{"state":["running",{"prefix":"stop"}]}}`)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range []string{
		`{"source":"aws.ec2","detail":{"state":"running"}}`,
		`{"source":"aws.ec2","detail":{"state":"stopping"}}`,
		`{"source":"aws.ec2","detail":{"state":"pending"}}`,
		`{"source":"aws.s3","detail":{"state":"running"}}`,
	} {
		ok, err := p.Match([]byte(ev))
		t.Log(ev, ok, err)
	}
	for _, src := range []string{`{"a":1,}`, `hello`, `{"a": "x"}`, `{"a":[{"numeric":[">", 0, ">", 5]}]}`, `{"a":[{"EXISTS":true}]}`, `{"a":[{"cidr":"10.0.0.1"}]}`, `[]`, `{"a":[]}`, `{"a":[1`} {
		_, err := Parse(src)
		t.Logf("%s -> %v", src, err)
	}
}
