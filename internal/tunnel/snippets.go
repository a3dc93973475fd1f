package tunnel

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Snippets are the server side of an SSH tunnel: an nginx server block that serves the
// public domain (TLS certificate paths to fill in) and proxies it to the remote forward,
// WebSocket (hot reload) included; and the sshd_config lines the remote forward needs. Both
// are empty for other providers.
func Snippets(cfg Config) (nginx, sshd string) {
	if cfg.Provider != ProviderSSH {
		return "", ""
	}
	host, port, err := net.SplitHostPort(cfg.Remote)
	if err != nil {
		return "", ""
	}
	u, err := url.Parse(cfg.PublicURL)
	if err != nil || u.Hostname() == "" {
		return "", ""
	}
	return nginxSnippet(u, upstreamHost(host), port), sshdSnippet(cfg.User, host, port)
}

// upstreamHost is where nginx reaches the forward: its address, or loopback when it listens
// on every interface.
func upstreamHost(host string) string {
	switch host {
	case "", "*", "0.0.0.0", "localhost":
		return "127.0.0.1"
	case "::":
		return "[::1]"
	}
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// isLoopbackHost: a forward bound there is reachable from the server itself only.
func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func nginxSnippet(u *url.URL, upHost, upPort string) string {
	domain := u.Hostname()
	var b strings.Builder
	fmt.Fprintf(&b, "# nginx: %s → the wecomdev SSH tunnel (the remote forward on %s:%s).\n", u.Scheme+"://"+u.Host, upHost, upPort)
	fmt.Fprintf(&b, "# Save as /etc/nginx/conf.d/wecomdev-%s.conf, then: sudo nginx -t && sudo systemctl reload nginx\n", domain)
	b.WriteString("# The WeCom verification file (WW_verify_….txt) is served through the tunnel too.\n\n")
	b.WriteString("map $http_upgrade $wecomdev_connection_upgrade {\n\tdefault upgrade;\n\t''      close;\n}\n\n")
	location := func(listen string) {
		fmt.Fprintf(&b, "server {\n\t%s\n\tserver_name %s;\n", listen, domain)
		if u.Scheme == "https" {
			b.WriteString("\n\t# TLS: your certificate for " + domain + " (for example from certbot)\n")
			fmt.Fprintf(&b, "\tssl_certificate     /etc/letsencrypt/live/%s/fullchain.pem;\n", domain)
			fmt.Fprintf(&b, "\tssl_certificate_key /etc/letsencrypt/live/%s/privkey.pem;\n", domain)
		}
		b.WriteString("\n\tclient_max_body_size 10m;\n\n")
		b.WriteString("\tlocation / {\n")
		fmt.Fprintf(&b, "\t\tproxy_pass http://%s:%s;\n", upHost, upPort)
		b.WriteString("\t\tproxy_http_version 1.1;\n")
		b.WriteString("\t\tproxy_set_header Host $http_host;\n")
		b.WriteString("\t\tproxy_set_header X-Real-IP $remote_addr;\n")
		b.WriteString("\t\tproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n")
		b.WriteString("\t\tproxy_set_header X-Forwarded-Proto $scheme;\n")
		b.WriteString("\t\tproxy_set_header X-Forwarded-Host $http_host;\n")
		b.WriteString("\t\t# WebSocket (your dev server's hot reload)\n")
		b.WriteString("\t\tproxy_set_header Upgrade $http_upgrade;\n")
		b.WriteString("\t\tproxy_set_header Connection $wecomdev_connection_upgrade;\n")
		b.WriteString("\t\tproxy_read_timeout 1h;\n")
		b.WriteString("\t\tproxy_buffering off;\n")
		b.WriteString("\t\t# when the tunnel is down\n")
		b.WriteString("\t\tproxy_connect_timeout 5s;\n")
		b.WriteString("\t}\n}\n")
	}
	if u.Scheme == "https" {
		port := u.Port()
		if port == "" {
			port = "443"
		}
		location("listen " + port + " ssl;")
		if u.Port() == "" {
			fmt.Fprintf(&b, "\nserver {\n\tlisten 80;\n\tserver_name %s;\n\treturn 301 https://$host$request_uri;\n}\n", domain)
		}
	} else {
		port := u.Port()
		if port == "" {
			port = "80"
		}
		location("listen " + port + ";")
	}
	return b.String()
}

func sshdSnippet(user, host, port string) string {
	var b strings.Builder
	listen := net.JoinHostPort(host, port)
	fmt.Fprintf(&b, "# sshd: let %s open the wecomdev remote forward on %s and nothing else.\n", user, listen)
	b.WriteString("# Append to the END of /etc/ssh/sshd_config (a Match block runs to the end of the file),\n")
	b.WriteString("# then: sudo sshd -t && sudo systemctl reload ssh   (the service is sshd on some systems)\n")
	fmt.Fprintf(&b, "Match User %s\n", user)
	b.WriteString("\tAllowTcpForwarding remote\n")
	fmt.Fprintf(&b, "\tPermitListen %s\n", listen)
	if !isLoopbackHost(host) {
		b.WriteString("\t# the forward listens on " + host + ", not only on loopback\n")
		b.WriteString("\tGatewayPorts clientspecified\n")
	}
	b.WriteString("\t# drop a dead session within 45 s, so a reconnecting tunnel gets its port back\n")
	b.WriteString("\tClientAliveInterval 15\n")
	b.WriteString("\tClientAliveCountMax 3\n")
	return b.String()
}
