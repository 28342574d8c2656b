package com.roisystems.ml.importer;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("CSV as RFC 4180 writes it, and cells typed by the contract")
class CsvReaderTest {

    private static List<CsvReader.Record> read(String text, char delimiter) throws Exception {
        CsvReader reader = new CsvReader(new StringReader(text), delimiter);
        List<CsvReader.Record> records = new ArrayList<>();
        for (CsvReader.Record record; (record = reader.next()) != null; ) {
            records.add(record);
        }
        return records;
    }

    @Test
    @DisplayName("quoted fields keep delimiters, doubled quotes and line breaks; CRLF and LF end records; blank lines are skipped")
    void quotedFields() throws Exception {
        List<CsvReader.Record> records = read("\uFEFFa,b,c\r\n\"1,5\",\"say \"\"hi\"\"\",\"two\r\nlines\"\n\n4,,6", ',');
        assertThat(records).hasSize(3);
        assertThat(records.get(0).fields()).containsExactly("a", "b", "c");
        assertThat(records.get(1).fields()).containsExactly("1,5", "say \"hi\"", "two\r\nlines");
        assertThat(records.get(1).line()).isEqualTo(2);
        assertThat(records.get(2).fields()).containsExactly("4", "", "6");
        assertThat(records.get(2).line()).isEqualTo(5);
        assertThat(records).allSatisfy(record -> assertThat(record.error()).isNull());
    }

    @Test
    @DisplayName("a quote inside an unquoted field is text; text after a closing quote and a quote never closed are errors of that record")
    void malformedRecords() throws Exception {
        List<CsvReader.Record> records = read("5'10\",x\n\"a\"b,c\n\"open,d\n", ',');
        assertThat(records.get(0).fields()).containsExactly("5'10\"", "x");
        assertThat(records.get(0).error()).isNull();
        assertThat(records.get(1).error()).contains("after the closing quote of field 1");
        assertThat(records.get(2).error()).contains("not closed");
    }

    @Test
    @DisplayName("another delimiter: a semicolon or a tab")
    void otherDelimiters() throws Exception {
        assertThat(read("a;b,c;d\n", ';').get(0).fields()).containsExactly("a", "b,c", "d");
        assertThat(read("a\tb c\n", '\t').get(0).fields()).containsExactly("a", "b c");
    }

    @Test
    @DisplayName("cells become the contract's types; what does not read stays text for the validator to refuse")
    void typing() {
        assertThat(FieldType.INTEGER.convert(" 3 ")).isEqualTo(3L);
        assertThat(FieldType.INTEGER.convert("3.0")).isEqualTo(3L);
        assertThat(FieldType.INTEGER.convert("3.5")).isEqualTo("3.5");
        assertThat(FieldType.INTEGER.convert("three")).isEqualTo("three");
        assertThat(FieldType.NUMBER.convert("2.5")).isEqualTo(2.5);
        assertThat(FieldType.NUMBER.convert("1185000")).isEqualTo(1185000L);
        assertThat(FieldType.NUMBER.convert("NaN")).isEqualTo("NaN");
        assertThat(FieldType.BOOLEAN.convert("Yes")).isEqualTo(true);
        assertThat(FieldType.BOOLEAN.convert("0")).isEqualTo(false);
        assertThat(FieldType.BOOLEAN.convert("maybe")).isEqualTo("maybe");
        assertThat(FieldType.STRING.convert(" 94110 ")).isEqualTo(" 94110 ");
        assertThat(FieldType.STRING.convert(94110)).isEqualTo("94110");
    }
}
