package main

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"time"
)

// motoProcess is a moto_server the tool started: the EventBridge stand-in
// most users run today, measured as a peer.
type motoProcess struct {
	*child
	url string
}

// startMoto runs moto_server on a free loopback port and waits until it
// answers an EventBridge call.
func startMoto(ctx context.Context, bin string) (*motoProcess, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	// moto reads its behaviour from MOTO_* variables: MOTO_ACCOUNT_ID would
	// put both accounts in one, MOTO_EVENTS_INVOKE_HTTP would make it post
	// to the sink. Every run measures moto as it comes.
	cmd.Env = environWithout("MOTO_")
	c, err := startChild("moto_server", cmd, nil)
	if err != nil {
		return nil, err
	}
	m := &motoProcess{child: c, url: fmt.Sprintf("http://127.0.0.1:%d/", port)}
	api := newAPIClient(m.url)
	deadline := time.Now().Add(60 * time.Second)
	for {
		err := api.call(ctx, customerAccount, "ListEventBuses", struct{}{}, nil)
		if err == nil {
			return m, nil
		}
		select {
		case <-c.exited:
			return nil, fmt.Errorf("moto_server exited before answering (%v):\n%s", c.err, c.output())
		default:
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			_ = m.stop()
			return nil, fmt.Errorf("moto_server did not answer within 60s (last: %v):\n%s", err, c.output())
		}
		sleepUntil(ctx, time.Now().Add(100*time.Millisecond))
	}
}

func (m *motoProcess) stop() error { return m.child.stop(10 * time.Second) }

// freePort asks the kernel for a free loopback port. moto_server takes a
// port number, not a listener, so another process could take the port in
// between; on a loopback bench machine that is unlikely, and startMoto
// fails clearly if it happens.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
