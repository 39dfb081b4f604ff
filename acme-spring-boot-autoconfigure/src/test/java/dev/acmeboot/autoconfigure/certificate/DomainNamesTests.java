package dev.acmeboot.autoconfigure.certificate;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DomainNames}.
 */
class DomainNamesTests {

	@Test
	void normalizeLowersCase() {
		assertThat(DomainNames.normalize("App.Example.COM")).isEqualTo("app.example.com");
	}

	@Test
	void normalizeRemovesTrailingDot() {
		assertThat(DomainNames.normalize("app.example.com.")).isEqualTo("app.example.com");
	}

	@Test
	void normalizeRemovesOnlyOneTrailingDot() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("app.example.com.."))
			.withMessageContaining("empty label");
	}

	@Test
	void normalizeTrimsWhitespace() {
		assertThat(DomainNames.normalize("  app.example.com \t")).isEqualTo("app.example.com");
	}

	@Test
	void normalizeConvertsInternationalNameToALabels() {
		assertThat(DomainNames.normalize("bücher.example")).isEqualTo("xn--bcher-kva.example");
	}

	@Test
	void normalizeConvertsUpperCaseInternationalName() {
		assertThat(DomainNames.normalize("BÜCHER.Example")).isEqualTo("xn--bcher-kva.example");
	}

	@Test
	void normalizeKeepsALabels() {
		assertThat(DomainNames.normalize("XN--BCHER-KVA.example")).isEqualTo("xn--bcher-kva.example");
	}

	@Test
	void normalizeConvertsInternationalWildcardName() {
		assertThat(DomainNames.normalize("*.bücher.example")).isEqualTo("*.xn--bcher-kva.example");
	}

	@Test
	void normalizeListDropsDuplicatesKeepingOrder() {
		List<String> names = DomainNames
			.normalize(List.of("App.Example.TEST.", "www.app.example.test", "app.example.test"));
		assertThat(names).containsExactly("app.example.test", "www.app.example.test");
	}

	@Test
	void normalizeListDropsALabelDuplicateOfInternationalName() {
		List<String> names = DomainNames.normalize(List.of("bücher.example", "xn--bcher-kva.example"));
		assertThat(names).containsExactly("xn--bcher-kva.example");
	}

	@Test
	void normalizeListRejectsFirstInvalidName() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize(List.of("app.example.com", "bad_name.example.com")))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("bad_name.example.com"));
	}

	@Test
	void normalizeRejectsNull() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize((String) null))
			.withMessageContaining("empty");
	}

	@Test
	void normalizeRejectsEmptyName() {
		assertThatExceptionOfType(InvalidDomainNameException.class).isThrownBy(() -> DomainNames.normalize(""))
			.withMessageContaining("empty");
	}

	@Test
	void normalizeRejectsBlankName() {
		assertThatExceptionOfType(InvalidDomainNameException.class).isThrownBy(() -> DomainNames.normalize("   "))
			.withMessageContaining("empty");
	}

	@Test
	void normalizeRejectsEmptyInnerLabel() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("app..example.com"))
			.withMessageContaining("empty label");
	}

	@Test
	void normalizeRejectsLeadingDot() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize(".example.com"))
			.withMessageContaining("empty label");
	}

	@Test
	void normalizeAcceptsLabelOf63Characters() {
		String name = "a".repeat(63) + ".example.com";
		assertThat(DomainNames.normalize(name)).isEqualTo(name);
	}

	@Test
	void normalizeRejectsLabelOf64Characters() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("a".repeat(64) + ".example.com"))
			.withMessageContaining("64 characters");
	}

	@Test
	void normalizeRejectsInternationalLabelOver63Characters() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("ü".repeat(64) + ".example"));
	}

	@Test
	void normalizeAcceptsNameOf253Characters() {
		String name = nameOfLength(253);
		assertThat(DomainNames.normalize(name)).isEqualTo(name);
	}

	@Test
	void normalizeAcceptsNameOf253CharactersAndTrailingDot() {
		String name = nameOfLength(253);
		assertThat(DomainNames.normalize(name + ".")).isEqualTo(name);
	}

	@Test
	void normalizeRejectsNameOf254Characters() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize(nameOfLength(254)))
			.withMessageContaining("254 characters");
	}

	@Test
	void normalizeMeasuresLengthOfALabelForm() {
		String[] labels = new String[18];
		Arrays.fill(labels, "bücher");
		String name = String.join(".", labels) + ".example";
		assertThat(name).hasSizeLessThan(253);
		assertThatExceptionOfType(InvalidDomainNameException.class).isThrownBy(() -> DomainNames.normalize(name))
			.withMessageContaining("259 characters");
	}

	@Test
	void normalizeRejectsSingleLabel() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("localhost"))
			.withMessageContaining("single label");
	}

	@Test
	void normalizeRejectsIpv4Address() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("192.0.2.10"))
			.withMessageContaining("IP addresses");
	}

	@Test
	void normalizeRejectsIpv4AddressWithTrailingDot() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("192.0.2.10."))
			.withMessageContaining("IP addresses");
	}

	@Test
	void normalizeRejectsIpv6Address() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("2001:db8::1"))
			.withMessageContaining("IP addresses");
	}

	@Test
	void normalizeRejectsBracketedIpv6Address() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("[::1]"))
			.withMessageContaining("IP addresses");
	}

	@Test
	void normalizeRejectsUnderscore() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("my_app.example.com"))
			.withMessageContaining("'my_app'");
	}

	@Test
	void normalizeRejectsLeadingHyphen() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("-app.example.com"))
			.withMessageContaining("'-app'");
	}

	@Test
	void normalizeRejectsTrailingHyphen() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("app-.example.com"))
			.withMessageContaining("'app-'");
	}

	@Test
	void normalizeAcceptsInnerHyphens() {
		assertThat(DomainNames.normalize("my--app.example-1.com")).isEqualTo("my--app.example-1.com");
	}

	@Test
	void normalizeRejectsSpaceInLabel() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("my app.example.com"));
	}

	@Test
	void normalizeAcceptsWildcardAsLeftmostLabel() {
		assertThat(DomainNames.normalize("*.Example.COM.")).isEqualTo("*.example.com");
	}

	@Test
	void normalizeRejectsWildcardInInnerLabel() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("a.*.example.com"))
			.withMessageContaining("wildcard");
	}

	@Test
	void normalizeRejectsPartialWildcardLabel() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("*foo.example.com"))
			.withMessageContaining("wildcard");
	}

	@Test
	void normalizeRejectsTwoWildcardLabels() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("*.*.example.com"))
			.withMessageContaining("wildcard");
	}

	@Test
	void normalizeRejectsWildcardOverSingleLabel() {
		assertThatExceptionOfType(InvalidDomainNameException.class).isThrownBy(() -> DomainNames.normalize("*.com"))
			.withMessageContaining("single label");
	}

	@Test
	void invalidNameExceptionKeepsConfiguredName() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("My_App.Example.com."))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("My_App.Example.com."));
	}

	@Test
	void invalidNameExceptionGivesReason() {
		assertThatExceptionOfType(InvalidDomainNameException.class)
			.isThrownBy(() -> DomainNames.normalize("localhost"))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("single label"));
	}

	@Test
	void isWildcardForWildcardName() {
		assertThat(DomainNames.isWildcard("*.example.com")).isTrue();
	}

	@Test
	void isWildcardForHostName() {
		assertThat(DomainNames.isWildcard("www.example.com")).isFalse();
	}

	@Test
	void coversSameName() {
		assertThat(DomainNames.covers("app.example.com", "app.example.com")).isTrue();
	}

	@Test
	void coversOtherNameIsFalse() {
		assertThat(DomainNames.covers("app.example.com", "www.example.com")).isFalse();
	}

	@Test
	void coversOneLabelBelowWildcard() {
		assertThat(DomainNames.covers("*.example.com", "app.example.com")).isTrue();
	}

	@Test
	void coversTwoLabelsBelowWildcardIsFalse() {
		assertThat(DomainNames.covers("*.example.com", "a.app.example.com")).isFalse();
	}

	@Test
	void coversBaseOfWildcardIsFalse() {
		assertThat(DomainNames.covers("*.example.com", "example.com")).isFalse();
	}

	@Test
	void coversOtherDomainBelowWildcardIsFalse() {
		assertThat(DomainNames.covers("*.example.com", "app.example.org")).isFalse();
	}

	@Test
	void coversWildcardWithHostNameIsFalse() {
		assertThat(DomainNames.covers("app.example.com", "*.example.com")).isFalse();
	}

	@Test
	void coversSameWildcard() {
		assertThat(DomainNames.covers("*.example.com", "*.example.com")).isTrue();
	}

	/**
	 * Builds a valid name of exactly the given length from labels of 63 characters and a
	 * shorter last label.
	 */
	private static String nameOfLength(int length) {
		StringBuilder name = new StringBuilder();
		while (length - name.length() > 64) {
			name.append("a".repeat(63)).append('.');
		}
		name.append("b".repeat(length - name.length()));
		assertThat(name).hasSize(length);
		return name.toString();
	}

}
