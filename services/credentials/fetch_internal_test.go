package credentials

import (
	"net/netip"
	"testing"
)

func TestPublicAddresses(t *testing.T) {
	for _, tc := range []struct {
		name, addr string
		public     bool
	}{
		{"public IPv4", "93.184.215.14", true},
		{"public IPv6", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", true},
		{"IPv4-mapped public", "::ffff:93.184.215.14", true},
		{"NAT64 of a public address", "64:ff9b::5db8:d70e", true},
		{"6to4 of a public address", "2002:5db8:d70e::1", true},
		{"loopback", "127.0.0.1", false},
		{"IPv6 loopback", "::1", false},
		{"private", "10.1.2.3", false},
		{"link-local", "169.254.169.254", false},
		{"IPv6 unique local", "fd00::1", false},
		{"unspecified", "0.0.0.0", false},
		{"this network", "0.1.2.3", false},
		{"shared address space", "100.64.0.1", false},
		{"shared address space, last", "100.127.255.254", false},
		{"protocol assignments", "192.0.0.8", false},
		{"documentation TEST-NET-1", "192.0.2.10", false},
		{"documentation TEST-NET-2", "198.51.100.10", false},
		{"documentation TEST-NET-3", "203.0.113.10", false},
		{"documentation IPv6", "2001:db8::1", false},
		{"benchmarking", "198.18.0.1", false},
		{"benchmarking, second half", "198.19.255.1", false},
		{"reserved class E", "240.0.0.1", false},
		{"broadcast", "255.255.255.255", false},
		{"multicast", "224.0.0.1", false},
		{"IPv6 multicast", "ff02::1", false},
		{"IPv4-mapped loopback", "::ffff:127.0.0.1", false},
		{"IPv4-mapped private", "::ffff:192.168.1.1", false},
		{"NAT64 of loopback", "64:ff9b::7f00:1", false},
		{"NAT64 of the metadata address", "64:ff9b::a9fe:a9fe", false},
		{"NAT64 of shared address space", "64:ff9b::6440:1", false},
		{"6to4 of private", "2002:c0a8:101::1", false},
		{"6to4 of loopback", "2002:7f00:1::", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := public(netip.MustParseAddr(tc.addr)); got != tc.public {
				t.Errorf("public(%s) = %v, want %v", tc.addr, got, tc.public)
			}
		})
	}
}
