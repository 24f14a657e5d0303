// Command bridgeport serves the Amazon EventBridge API.
//
//	go run ./cmd/bridgeport [--listen 127.0.0.1:4343] [--data ./bridgeport-data] [--identities FILE]
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/bridgeport/bridgeport/internal/config"
	"github.com/bridgeport/bridgeport/internal/server"
)

func main() {
	cfg, err := config.Parse(os.Args[1:], os.Getenv, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bridgeport:", err)
		os.Exit(2)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := server.Run(ctx, cfg, log); err != nil {
		log.Error("bridgeport stopped", "err", err)
		os.Exit(1)
	}
}
