package dev.acmeboot.autoconfigure.diagnostics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link StorageLocationValidator}.
 */
class StorageLocationValidatorTests {

	@TempDir
	Path temp;

	@Test
	void validateCreatesMissingFolders() {
		Path storage = this.temp.resolve("a/b/storage");
		StorageLocationValidator.validate(storage);
		assertThat(storage).isDirectory();
	}

	@Test
	@DisabledOnOs(OS.WINDOWS)
	void validateCreatesOwnerOnlyFolders() throws IOException {
		Path storage = this.temp.resolve("a/storage");
		StorageLocationValidator.validate(storage);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage))).isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage.getParent())))
			.isEqualTo("rwx------");
	}

	@Test
	void validateLeavesNoProbeFile() throws IOException {
		Files.writeString(this.temp.resolve("kept.txt"), "kept");
		StorageLocationValidator.validate(this.temp);
		try (var entries = Files.list(this.temp)) {
			assertThat(entries).extracting(Path::getFileName).extracting(Path::toString).containsExactly("kept.txt");
		}
	}

	@Test
	void validateRejectsFileInPath() throws IOException {
		Path file = Files.writeString(this.temp.resolve("file.txt"), "not a folder");
		Path storage = file.resolve("sub");
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> StorageLocationValidator.validate(storage))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.storage-location"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo(storage))
			.satisfies((ex) -> assertThat(ex.getAction()).contains("move the file '" + file + "' away"))
			.withMessageContaining("because '" + file + "' is a file, not a folder");
	}

	@Test
	void validateRejectsFileAsFolder() throws IOException {
		Path file = Files.writeString(this.temp.resolve("storage"), "not a folder");
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> StorageLocationValidator.validate(file))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.storage-location"))
			.withMessage("The storage folder '" + file + "' is a file, not a folder.");
	}

}
