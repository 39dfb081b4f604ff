package dev.acmeboot.autoconfigure.integration;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Opens TLS connections to the application under test on 127.0.0.1, sending SNI for a
 * chosen host name, either accepting any certificate (to inspect what is served) or
 * verifying the chain against given roots and the host name.
 */
final class TlsClient {

	private TlsClient() {
	}

	/**
	 * Returns the chain the server presents for the host name, without verifying it.
	 */
	static List<X509Certificate> servedChain(int port, String hostName) throws IOException, GeneralSecurityException {
		try (Connection connection = connect(port, hostName, acceptAll(), false)) {
			return connection.peerChain();
		}
	}

	/**
	 * Opens a connection that accepts any certificate.
	 */
	static Connection connect(int port, String hostName) throws IOException, GeneralSecurityException {
		return connect(port, hostName, acceptAll(), false);
	}

	/**
	 * Opens a connection that verifies the chain against the roots and the host name.
	 * The handshake fails with an {@link javax.net.ssl.SSLException} otherwise.
	 */
	static Connection connectVerified(int port, String hostName, List<X509Certificate> roots)
			throws IOException, GeneralSecurityException {
		KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
		trustStore.load(null, null);
		for (int i = 0; i < roots.size(); i++) {
			trustStore.setCertificateEntry("root-" + i, roots.get(i));
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trustStore);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return connect(port, hostName, context, true);
	}

	private static Connection connect(int port, String hostName, SSLContext context, boolean verifyHostName)
			throws IOException {
		return new Connection(openSocket(port, hostName, context, verifyHostName, 10_000), hostName);
	}

	/**
	 * Opens a TLS socket to 127.0.0.1 that sends SNI for the host name, and completes the
	 * handshake. Closes the socket if the connection or the handshake fails.
	 * @param port the port on 127.0.0.1
	 * @param hostName the name for SNI and, if verified, for the certificate
	 * @param context the SSL context whose trust managers check the server certificate
	 * @param verifyHostName whether the certificate must match the host name
	 * @param readTimeoutMillis how long a read may block, in milliseconds
	 * @return the connected socket
	 * @throws IOException if the connection or the handshake fails
	 */
	static SSLSocket openSocket(int port, String hostName, SSLContext context, boolean verifyHostName,
			int readTimeoutMillis) throws IOException {
		Socket plain = new Socket();
		try {
			plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			plain.setSoTimeout(readTimeoutMillis);
			SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, hostName, port, true);
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setServerNames(List.of(new SNIHostName(hostName)));
			if (verifyHostName) {
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
			}
			socket.setSSLParameters(parameters);
			socket.startHandshake();
			return socket;
		}
		catch (IOException | RuntimeException ex) {
			try {
				plain.close();
			}
			catch (IOException closeFailure) {
				ex.addSuppressed(closeFailure);
			}
			throw ex;
		}
	}

	/**
	 * Creates an SSL context that accepts any server certificate, to inspect what the
	 * application serves, such as its self-signed placeholder.
	 * @return the SSL context
	 * @throws GeneralSecurityException if the JVM has no TLS implementation
	 */
	static SSLContext acceptAll() throws GeneralSecurityException {
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { new AcceptAllTrustManager() }, null);
		return context;
	}

	/**
	 * An open TLS connection that can send several HTTP/1.1 requests.
	 */
	static final class Connection implements Closeable {

		private final SSLSocket socket;

		private final String hostName;

		private final BufferedReader reader;

		Connection(SSLSocket socket, String hostName) throws IOException {
			this.socket = socket;
			this.hostName = hostName;
			this.reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
		}

		List<X509Certificate> peerChain() throws IOException {
			Certificate[] chain = this.socket.getSession().getPeerCertificates();
			return Arrays.stream(chain).map(X509Certificate.class::cast).toList();
		}

		/**
		 * Sends a keep-alive GET request and returns the status code, reading the body.
		 */
		int get(String path) throws IOException {
			OutputStream out = this.socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: " + this.hostName + "\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			String statusLine = this.reader.readLine();
			if (statusLine == null) {
				throw new IOException("Connection closed before a response");
			}
			int contentLength = -1;
			boolean chunked = false;
			String header;
			while ((header = this.reader.readLine()) != null && !header.isEmpty()) {
				String lower = header.toLowerCase();
				if (lower.startsWith("content-length:")) {
					contentLength = Integer.parseInt(header.substring(15).trim());
				}
				if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
			}
			if (chunked) {
				skipChunks();
			}
			else if (contentLength > 0) {
				this.reader.skip(contentLength);
			}
			return Integer.parseInt(statusLine.split(" ")[1]);
		}

		private void skipChunks() throws IOException {
			while (true) {
				String sizeLine = this.reader.readLine();
				int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
				if (size == 0) {
					this.reader.readLine();
					return;
				}
				this.reader.skip(size);
				this.reader.readLine();
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

	private static final class AcceptAllTrustManager implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
