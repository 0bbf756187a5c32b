package dev.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * vigil.schema.json against the loader: the same fields at every level, read from how the loader
 * binds them; every policy the project shows conforms and loads; broken ones are refused by both.
 */
class PolicySchemaTest {
  private static final Path FILE = Path.of("/etc/vigil.yaml");
  private static final PolicySchema SCHEMA = PolicySchema.load();
  private static final SchemaDocuments DOCUMENTS = new SchemaDocuments(SCHEMA);

  @Test
  void theSchemaHasExactlyTheFieldsTheLoaderBindsAtEveryLevel() {
    assertSameFields(PolicyDocument.class, SCHEMA.root(), "");
  }

  @Test
  void everyObjectRefusesUnknownFieldsLikeTheLoader() {
    assertThat(PolicyLoader.bindingConfig().isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isTrue();
    for (List<String> path : DOCUMENTS.objectPaths()) {
      JsonNode object = SCHEMA.at(path);
      assertThat(object.path("additionalProperties").isBoolean() && !object.get("additionalProperties").asBoolean())
          .as("%s has additionalProperties: false", SchemaDocuments.display(path)).isTrue();
      object.get("properties").fields().forEachRemaining(p ->
          assertThat(SCHEMA.resolve(p.getValue()).path("description").asText()).as("description of %s.%s", SchemaDocuments.display(path), p.getKey()).isNotBlank());
    }
  }

  static Stream<Arguments> shownPolicies() throws Exception {
    return PolicyCorpus.shown().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shownPolicies")
  void everyPolicyTheProjectShowsConformsAndLoads(String where, String yaml) {
    assertConformsAndLoads(yaml);
  }

  @Test
  void theCorpusHasTheReadmesPoliciesAndItsEditorComment() throws Exception {
    Map<String, String> shown = PolicyCorpus.shown();
    assertThat(shown.keySet()).filteredOn(where -> where.startsWith("README.md")).hasSizeGreaterThanOrEqualTo(5);
    assertThat(shown.values()).anyMatch(yaml -> yaml.startsWith("# yaml-language-server: $schema=./vigil.schema.json\n# $schema: ./vigil.schema.json\n"));
  }

  static Stream<Arguments> spellings() {
    return Arrays.stream(PolicyCorpus.SPELLINGS).map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spellings")
  void everySpellingTheLoaderAcceptsConforms(String what, String yaml) {
    assertConformsAndLoads(yaml);
  }

  @Test
  void aDocumentWithEveryFieldSetConformsAndLoads() {
    assertConformsAndLoads(PolicySchema.toYaml(DOCUMENTS.everything()));
  }

  @Test
  void theSchemasDefaultsAreTheLoadersDefaults() throws Exception {
    String yaml = PolicySchema.toYaml(DOCUMENTS.defaults());
    assertConformsAndLoads(yaml);
    assertThat(PolicyLoader.parse(FILE, yaml)).usingRecursiveComparison().isEqualTo(Policy.builtIn());
  }

  static Stream<Arguments> everyObject() {
    return DOCUMENTS.objectPaths().stream().map(path -> Arguments.of(SchemaDocuments.display(path), path));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyObject")
  void anUnknownFieldIsRefusedByBothAtEveryLevel(String where, List<String> path) {
    assertConformsAndLoads(PolicySchema.toYaml(DOCUMENTS.reaching(path, false)));
    String yaml = PolicySchema.toYaml(DOCUMENTS.reaching(path, true));
    assertThat(SCHEMA.violations(yaml)).as(yaml).anyMatch(violation -> violation.contains(SchemaDocuments.UNKNOWN_FIELD));
    assertThatThrownBy(() -> PolicyLoader.parse(FILE, yaml)).as(yaml).hasMessageContaining("unknown field '" + SchemaDocuments.UNKNOWN_FIELD + "'");
  }

  static Stream<Arguments> refusedByBoth() {
    return Arrays.stream(RefusedPolicies.BY_BOTH).map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedByBoth")
  void bothRefuse(String what, String yaml) {
    assertThat(SCHEMA.violations(yaml)).as(yaml).isNotEmpty();
    assertThatThrownBy(() -> PolicyLoader.parse(FILE, yaml)).as(yaml).isInstanceOf(InvalidPolicyException.class);
  }

  static Stream<Arguments> refusedByTheLoaderOnly() {
    return Arrays.stream(RefusedPolicies.BY_THE_LOADER_ONLY).map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedByTheLoaderOnly")
  void whatOnlyTheLoaderRefuses(String what, String yaml) {
    assertThat(SCHEMA.violations(yaml)).as(yaml).isEmpty();
    assertThatThrownBy(() -> PolicyLoader.parse(FILE, yaml)).as(yaml).isInstanceOf(InvalidPolicyException.class);
  }

  static Stream<Arguments> refusedByTheSchemaOnly() {
    return Arrays.stream(RefusedPolicies.BY_THE_SCHEMA_ONLY).map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedByTheSchemaOnly")
  void whatOnlyTheSchemaRefuses(String what, String yaml) {
    assertThat(SCHEMA.violations(yaml)).as(yaml).isNotEmpty();
    assertThatCode(() -> PolicyLoader.parse(FILE, yaml)).as(yaml).doesNotThrowAnyException();
  }

  private static void assertConformsAndLoads(String yaml) {
    assertThat(SCHEMA.violations(yaml)).as(yaml).isEmpty();
    assertThatCode(() -> PolicyLoader.parse(FILE, yaml)).as(yaml).doesNotThrowAnyException();
  }

  /** The fields Jackson binds on {@code documentClass}, under their YAML names, against the schema's properties there. */
  private static void assertSameFields(Class<?> documentClass, JsonNode schemaNode, String path) {
    JsonNode properties = SCHEMA.resolve(schemaNode).path("properties");
    Map<String, AnnotatedField> fields = BoundFields.of(documentClass);
    List<String> named = new ArrayList<>();
    properties.fieldNames().forEachRemaining(named::add);
    assertThat(named).as("fields of %s (%s)", path.isEmpty() ? "the top level" : path, documentClass.getSimpleName())
        .containsExactlyInAnyOrderElementsOf(fields.keySet());
    fields.forEach((name, field) -> {
      String at = path.isEmpty() ? name : path + "." + name;
      JsonNode property = SCHEMA.resolve(properties.get(name));
      Class<?> listEntry = BoundFields.listEntry(field);
      if (listEntry != null) {
        assertThat(property.path("type").asText()).as(at).isEqualTo("array");
        assertSameFields(listEntry, property.get("items"), at + "[]");
      } else if (BoundFields.isDocumentClass(field.getRawType())) {
        assertSameFields(field.getRawType(), property, at);
      } else {
        assertThat(SCHEMA.describesObject(property) || property.has("items") && SCHEMA.describesObject(property.get("items")))
            .as("%s is a value in the loader, not a mapping", at).isFalse();
        List<String> spellings = BoundFields.enumSpellings(field);
        if (spellings != null) {
          List<String> listed = new ArrayList<>();
          property.path("enum").forEach(value -> listed.add(value.asText()));
          assertThat(listed).as("enum of %s", at).containsExactlyElementsOf(spellings);
        }
      }
    });
  }
}
