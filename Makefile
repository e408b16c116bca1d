# Convenience targets. `make demo` is the README's first command: it installs librdkafka-dev and pkg-config when
# missing (Debian/Ubuntu, via apt-get), then runs the offline demo.
.PHONY: demo deps test bench

demo: deps
	swift run -c release payment-relay demo

deps:
	@if ! dpkg -s librdkafka-dev >/dev/null 2>&1 || ! command -v pkg-config >/dev/null 2>&1; then \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
		$$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y librdkafka-dev pkg-config; \
	fi

test: deps
	swift test --no-parallel

bench: deps
	swift build -c release
	.build/release/payment-relay-bench
