package dev.acmeboot.autoconfigure.integration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.net.ssl.SSLSocket;

/**
 * Sends one HTTP/1.1 request over TLS to 127.0.0.1 with SNI and Host set to a chosen
 * name, accepting any server certificate, and returns the status and the body. Tests use
 * it to call actuator endpoints while the self-signed placeholder is served.
 */
final class HttpsExchange {

	private HttpsExchange() {
	}

	static Response get(int port, String hostName, String path) throws IOException, GeneralSecurityException {
		return send(port, hostName, "GET " + path + " HTTP/1.1\r\nHost: " + hostName + "\r\nConnection: close\r\n\r\n");
	}

	static Response postJson(int port, String hostName, String path, String json)
			throws IOException, GeneralSecurityException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		return send(port, hostName, "POST " + path + " HTTP/1.1\r\nHost: " + hostName
				+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n"
				+ json);
	}

	private static Response send(int port, String hostName, String request)
			throws IOException, GeneralSecurityException {
		try (SSLSocket socket = TlsClient.openSocket(port, hostName, TlsClient.acceptAll(), false, 60_000)) {
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			ByteArrayOutputStream buffer = new ByteArrayOutputStream();
			socket.getInputStream().transferTo(buffer);
			return parse(buffer.toString(StandardCharsets.UTF_8));
		}
	}

	private static Response parse(String raw) throws IOException {
		int headerEnd = raw.indexOf("\r\n\r\n");
		if (headerEnd < 0) {
			throw new IOException("Incomplete response: " + raw);
		}
		String head = raw.substring(0, headerEnd);
		int status = Integer.parseInt(head.lines().findFirst().orElseThrow().split(" ")[1]);
		String body = raw.substring(headerEnd + 4);
		if (head.toLowerCase().contains("transfer-encoding: chunked")) {
			body = dechunk(body);
		}
		return new Response(status, body);
	}

	// NOTE: chunk sizes count bytes but are applied to characters here, which matches
	// only for ASCII bodies such as the JSON of the actuator endpoints.
	private static String dechunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int position = 0;
		while (position < chunked.length()) {
			int lineEnd = chunked.indexOf("\r\n", position);
			int size = Integer.parseInt(chunked.substring(position, lineEnd).split(";")[0].trim(), 16);
			if (size == 0) {
				break;
			}
			body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
			position = lineEnd + 2 + size + 2;
		}
		return body.toString();
	}

	/**
	 * A response.
	 *
	 * @param status the HTTP status code
	 * @param body the body, without chunk framing
	 */
	record Response(int status, String body) {

	}

}
