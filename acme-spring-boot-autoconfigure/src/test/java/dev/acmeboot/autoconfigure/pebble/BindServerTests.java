package dev.acmeboot.autoconfigure.pebble;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BindServer}.
 */
class BindServerTests {

	private static BindServer bind;

	@BeforeAll
	static void startBind() {
		bind = BindServer.start();
	}

	@AfterAll
	static void stopBind() {
		bind.close();
	}

	@Test
	void answersHostNamesAuthoritatively() throws IOException {
		for (String host : BindServer.HOST_NAMES) {
			Message response = query(host, Type.A);
			assertThat(response.getRcode()).as(host).isEqualTo(Rcode.NOERROR);
			assertThat(response.getHeader().getFlag(Flags.AA)).as(host).isTrue();
			assertThat(response.getSection(org.xbill.DNS.Section.ANSWER)).as(host).hasSize(1);
		}
	}

	@Test
	void refusesRecursion() throws IOException {
		Message response = query("example.org", Type.A);
		assertThat(response.getRcode()).isEqualTo(Rcode.REFUSED);
	}

	@Test
	void listensOnHighLoopbackPort() {
		assertThat(bind.port()).isGreaterThan(1024);
		assertThat(bind.address()).isEqualTo("127.0.0.1:" + bind.port());
	}

	@Test
	void acceptsUpdateSignedWithKey() throws IOException {
		String name = "_acme-challenge.www.app.example.test.";
		Message response = send(new TSIG(bind.keyAlgorithm(), bind.keyName(), bind.keySecret()), name, "signed");
		assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
		assertThat(response.isVerified()).isTrue();
		assertThat(bind.txtValues(name)).containsExactly("signed");
	}

	@Test
	void rejectsUpdateWithWrongSecret() throws IOException {
		String name = "_acme-challenge.slow.example.test.";
		String wrongSecret = Base64.getEncoder()
			.encodeToString("not the secret of the test key".getBytes(StandardCharsets.US_ASCII));
		Message response = send(new TSIG(bind.keyAlgorithm(), bind.keyName(), wrongSecret), name, "forged");
		assertThat(response.getRcode()).isEqualTo(Rcode.NOTAUTH);
		assertThat(response.getTSIG().getError()).isEqualTo(Rcode.BADSIG);
		assertThat(bind.txtValues(name)).isEmpty();
	}

	@Test
	void nsupdateWorksWithKeyFile() throws Exception {
		String name = "_acme-challenge.exec.example.test.";
		String commands = "server 127.0.0.1 " + bind.port() + "\nupdate add " + name + " 60 TXT \"from-nsupdate\"\n"
				+ "send\n";
		Process nsupdate = new ProcessBuilder("nsupdate", "-k", bind.keyFile().toString()).redirectErrorStream(true)
			.start();
		nsupdate.getOutputStream().write(commands.getBytes(StandardCharsets.US_ASCII));
		nsupdate.getOutputStream().close();
		assertThat(nsupdate.waitFor(10, TimeUnit.SECONDS)).isTrue();
		String output = new String(nsupdate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(nsupdate.exitValue()).as(output).isZero();
		assertThat(bind.txtValues(name)).containsExactly("from-nsupdate");
	}

	@Test
	void closeStopsNamedAndDeletesDirectory() throws IOException {
		BindServer closing = BindServer.start();
		Path workDirectory = closing.workDirectory();
		int port = closing.port();

		closing.close();

		assertThat(workDirectory).doesNotExist();
		SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
		resolver.setTimeout(Duration.ofMillis(500));
		resolver.setTCP(true);
		Message query = Message.newQuery(Record.newRecord(Name.fromString("example.test."), Type.SOA, DClass.IN));
		org.assertj.core.api.Assertions.assertThatIOException().isThrownBy(() -> resolver.send(query));
	}

	private static Message query(String name, int type) throws IOException {
		Message query = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
		query.getHeader().unsetFlag(Flags.RD);
		SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", bind.port()));
		resolver.setTimeout(Duration.ofSeconds(2));
		return resolver.send(query);
	}

	private static Message send(TSIG key, String name, String value) throws IOException {
		Update update = new Update(Name.fromString(BindServer.ZONE, Name.root));
		update.add(new TXTRecord(Name.fromString(name), DClass.IN, 60, value));
		SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", bind.port()));
		resolver.setTimeout(Duration.ofSeconds(2));
		resolver.setTSIGKey(key);
		return resolver.send(update);
	}

}
