package dev.acmeboot.autoconfigure.integration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.net.ssl.SSLSession;

/**
 * Sends one plain-HTTP/1.1 request to 127.0.0.1 with any Host header and any raw
 * request target, which the JDK's HTTP client does not allow.
 */
final class RawHttp {

	private RawHttp() {
	}

	static HttpResponse<String> get(int port, String rawTarget, String host) throws IOException {
		return send(port, "GET " + rawTarget + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
	}

	static HttpResponse<String> send(int port, String rawRequest) throws IOException {
		return parse(sendUnparsed(port, rawRequest));
	}

	/**
	 * Sends the request and returns everything the server wrote before closing the
	 * connection, for responses without a status line.
	 */
	static String sendUnparsed(int port, String rawRequest) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(rawRequest.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream buffer = new ByteArrayOutputStream();
			in.transferTo(buffer);
			return buffer.toString(StandardCharsets.ISO_8859_1);
		}
	}

	private static HttpResponse<String> parse(String raw) throws IOException {
		int headerEnd = raw.indexOf("\r\n\r\n");
		if (headerEnd < 0) {
			throw new IOException("Incomplete response: " + raw);
		}
		String[] lines = raw.substring(0, headerEnd).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.computeIfAbsent(lines[i].substring(0, colon).trim(), (key) -> new ArrayList<>())
				.add(lines[i].substring(colon + 1).trim());
		}
		String body = raw.substring(headerEnd + 4);
		return new Response(status, HttpHeaders.of(new LinkedHashMap<>(headers), (name, value) -> true), body);
	}

	private record Response(int statusCode, HttpHeaders headers, String body) implements HttpResponse<String> {

		@Override
		public HttpRequest request() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Optional<HttpResponse<String>> previousResponse() {
			return Optional.empty();
		}

		@Override
		public Optional<SSLSession> sslSession() {
			return Optional.empty();
		}

		@Override
		public java.net.URI uri() {
			throw new UnsupportedOperationException();
		}

		@Override
		public HttpClient.Version version() {
			return HttpClient.Version.HTTP_1_1;
		}

	}

}
