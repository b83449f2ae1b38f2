// CSV data: nw::readCsvTable (delimiters, RFC 4180 quoting, BOM, CRLF, broken files),
// nw::loadCsvDataset (column typing, targets, missing-value policies, one-hot features),
// nw::encodeCsvForSchema and the TabularSchema JSON form.
#include <QtTest>

#include <string>
#include <vector>

#include "ExpectError.h"
#include "common/Error.h"
#include "data/CsvDataset.h"
#include "data/TabularSchema.h"

using nw::testing::throwsWith;

namespace {

std::vector<float> allValues(const nw::SampleSet& set) {
    std::vector<float> out;
    for (std::size_t i = 0; i < set.size(); ++i) {
        const auto row = set.rawSample(i);
        out.insert(out.end(), row.begin(), row.end());
    }
    return out;
}

const char* kIris =
    "sepal_length,sepal_width,petal_length,petal_width,species\n"
    "5.1,3.5,1.4,0.2,setosa\n"
    "4.9,3.0,1.4,0.2,setosa\n"
    "7.0,3.2,4.7,1.4,versicolor\n"
    "6.4,3.2,4.5,1.5,versicolor\n"
    "6.3,3.3,6.0,2.5,virginica\n"
    "5.8,2.7,5.1,1.9,virginica\n";

}  // namespace

class TestCsvDataset : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

    // Writes the bytes as they are (no newline translation) and returns the file's path.
    std::string write(const QString& name, const std::string& bytes) {
        const QString p = dir_.filePath(name);
        QFile f(p);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) qFatal("cannot write %s", qPrintable(p));
        f.write(bytes.data(), static_cast<qint64>(bytes.size()));
        return p.toStdString();
    }

    // Loading `bytes` throws a FileFormatError naming the file and every fragment.
    bool loadFails(const QString& name, const std::string& bytes, std::initializer_list<const char*> fragments,
                   const nw::CsvOptions& options = {}) {
        const std::string p = write(name, bytes);
        if (!throwsWith<nw::FileFormatError>([&] { nw::loadCsvDataset(p, options); }, fragments)) return false;
        return throwsWith<nw::FileFormatError>([&] { nw::loadCsvDataset(p, options); }, {p.c_str()});
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void delimiterDetection_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<char>("delimiter");
        QTest::newRow("comma") << "a,b,c\n1,2,3\n" << ',';
        QTest::newRow("semicolon") << "a;b;c\n1;2;3\n" << ';';
        QTest::newRow("tab") << "a\tb\tc\n1\t2\t3\n" << '\t';
        // Commas inside a quoted header name do not count.
        QTest::newRow("quoted commas") << "\"a,x,y\";b;c\n1;2;3\n" << ';';
        // A quote inside an unquoted name is text, not the start of a quoted section.
        QTest::newRow("stray quote") << "a\"\t\"b\"\tc;x,y\n1\t2\t3\n" << '\t';
    }
    void delimiterDetection() {
        QFETCH(QString, text);
        QFETCH(char, delimiter);
        const auto t = nw::readCsvTable(write("delim.csv", text.toStdString()));
        QCOMPARE(t.delimiter, delimiter);
        QCOMPARE(t.header.size(), std::size_t{3});
        QCOMPARE(t.header[1], std::string("b"));
        QCOMPARE(t.rows, (std::vector<std::vector<std::string>>{{"1", "2", "3"}}));
        QCOMPARE(t.lines, std::vector<int>{2});
    }

    void delimiterTieIsComma() {
        const auto t = nw::readCsvTable(write("tie.csv", "a,b;c\n1,2;3\n"));
        QCOMPARE(t.delimiter, ',');
        QCOMPARE(t.header, (std::vector<std::string>{"a", "b;c"}));
    }

    void quotedFields() {
        const std::string p = write("quoted.csv",
                                    "name,text,value\n"
                                    "x,\"a, b\",1\n"
                                    "y,\"say \"\"hi\"\"\",2\n"
                                    "z,\"two\nlines\",3\n"
                                    "  w  , \"  padded  \" ,4\n");
        const auto t = nw::readCsvTable(p);
        QCOMPARE(t.rows.size(), std::size_t{4});
        QCOMPARE(t.rows[0][1], std::string("a, b"));
        QCOMPARE(t.rows[1][1], std::string("say \"hi\""));
        QCOMPARE(t.rows[2][1], std::string("two\nlines"));
        QCOMPARE(t.rows[3][0], std::string("w"));             // unquoted: trimmed
        QCOMPARE(t.rows[3][1], std::string("  padded  "));    // quoted: kept as written
        QCOMPARE(t.lines, (std::vector<int>{2, 3, 4, 6}));    // the quoted newline is a line of the file
    }

    void strayQuoteInUnquotedCell() {
        const auto t = nw::readCsvTable(write("inches.csv", "who,height\nann,5'10\"\nbob,6\"\"\n"));
        QCOMPARE(t.rows, (std::vector<std::vector<std::string>>{{"ann", "5'10\""}, {"bob", "6\"\""}}));
    }

    void lineNumbersAfterQuotedNewline() {
        QVERIFY(loadFails("quoted-ragged.csv",
                          "a,b,c\n"
                          "1,\"multi\nline\ntext\",x\n"
                          "2,y,z\n"
                          "3,only two\n",
                          {"line 6 has 2 cells but the header has 3"}));
    }

    void byteOrderMark() {
        const auto t = nw::readCsvTable(write("bom.csv", "\xEF\xBB\xBFid,v\n1,2\n"));
        QCOMPARE(t.header, (std::vector<std::string>{"id", "v"}));
    }

    void crlfAndBlankLines() {
        const auto t = nw::readCsvTable(write("crlf.csv", "\r\na,b\r\n1,\"x\r\ny\"\r\n\r\n   \r\n,\r\n2,z"));
        QCOMPARE(t.headerLine, 2);
        QCOMPARE(t.header, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(t.rows, (std::vector<std::vector<std::string>>{{"1", "x\r\ny"}, {"2", "z"}}));
        QCOMPARE(t.lines, (std::vector<int>{3, 8}));
    }

    void progressReportsFractions() {
        std::string text = "a,b\n";
        for (int i = 0; i < 30000; ++i) text += std::to_string(i) + "," + std::to_string(i % 3) + "\n";
        std::vector<double> fractions;
        const auto d = nw::loadCsvDataset(write("big.csv", text), {}, [&](double f) { fractions.push_back(f); });
        QCOMPARE(d.train.size(), std::size_t{30000});
        QVERIFY(fractions.size() > 2);
        for (double f : fractions) QVERIFY(f >= 0.0 && f <= 1.0);
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QCOMPARE(fractions.back(), 1.0);
    }

    void textTargetIsClassification() {
        const auto d = nw::loadCsvDataset(write("iris-like.csv", kIris), {});
        QCOMPARE(d.name, std::string("iris-like"));
        QVERIFY(d.task == nw::Task::Classification);
        QCOMPARE(d.classNames, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
        QCOMPARE(d.sampleShape, nw::Shape{4});
        QCOMPARE(d.train.size(), std::size_t{6});
        QCOMPARE(d.train.targets(), (std::vector<float>{0, 0, 1, 1, 2, 2}));
        QCOMPARE(d.train.rawSample(2), (std::vector<float>{7.0f, 3.2f, 4.7f, 1.4f}));
        QVERIFY(!d.hasTest());
        QCOMPARE(d.normalization.offset, std::vector<float>{0.0f});
        QCOMPARE(d.normalization.scale, std::vector<float>{1.0f});
        const auto schema = nw::TabularSchema::fromJson(d.tabularSchema);
        QCOMPARE(schema.target, std::string("species"));
        QCOMPARE(schema.featureWidth(), std::size_t{4});
        QCOMPARE(schema.featureNames(),
                 (std::vector<std::string>{"sepal_length", "sepal_width", "petal_length", "petal_width"}));
    }

    void numericTargetIsRegression() {
        const auto d = nw::loadCsvDataset(write("reg.csv", "x;y;price\n1;2;10,5\n3;4;-2\n5;6;+7e1\n"), {});
        QVERIFY(d.task == nw::Task::Regression);
        QCOMPARE(d.outputs, 1);
        QVERIFY(d.classNames.empty());
        QCOMPARE(d.train.targets(), (std::vector<float>{10.5f, -2.0f, 70.0f}));  // decimal comma with ';'
        QCOMPARE(allValues(d.train), (std::vector<float>{1, 2, 3, 4, 5, 6}));
    }

    void classificationOnNumericTarget() {
        nw::CsvOptions options;
        options.task = "classification";
        const auto d = nw::loadCsvDataset(write("numclass.csv", "x,label\n1,10\n2,2\n3,1\n4,2.0\n5,10\n"), options);
        QVERIFY(d.task == nw::Task::Classification);
        QCOMPARE(d.classNames, (std::vector<std::string>{"1", "2", "10"}));  // numeric order, as first written
        QCOMPARE(d.train.targets(), (std::vector<float>{2, 1, 0, 1, 2}));
    }

    void targetByNameOrIndex() {
        const std::string p = write("index.csv", "y,a,1\n0.5,x,3\n1.5,y,4\n");
        nw::CsvOptions options;
        options.target = "0";
        auto d = nw::loadCsvDataset(p, options);
        QVERIFY(d.task == nw::Task::Regression);
        QCOMPARE(d.train.targets(), (std::vector<float>{0.5f, 1.5f}));
        QCOMPARE(nw::TabularSchema::fromJson(d.tabularSchema).featureNames(),
                 (std::vector<std::string>{"a=x", "a=y", "1"}));
        options.target = "a";
        d = nw::loadCsvDataset(p, options);
        QCOMPARE(d.classNames, (std::vector<std::string>{"x", "y"}));
        // A header name made of digits is a name first, an index only otherwise.
        options.target = "1";
        d = nw::loadCsvDataset(p, options);
        QCOMPARE(nw::TabularSchema::fromJson(d.tabularSchema).target, std::string("1"));
        QCOMPARE(d.train.targets(), (std::vector<float>{3, 4}));
    }

    void categoricalFeatureOneHot() {
        const auto d = nw::loadCsvDataset(write("colours.csv",
                                                "size,colour,label\n"
                                                "1.5,red,a\n"
                                                "2,green,b\n"
                                                "3,blue,a\n"
                                                "4,red,b\n"),
                                          {});
        QCOMPARE(d.sampleShape, nw::Shape{4});
        const auto schema = nw::TabularSchema::fromJson(d.tabularSchema);
        QCOMPARE(schema.featureNames(),
                 (std::vector<std::string>{"size", "colour=blue", "colour=green", "colour=red"}));
        QVERIFY(schema.features[1].categorical);
        QCOMPARE(allValues(d.train), (std::vector<float>{1.5f, 0, 0, 1,  //
                                                         2.0f, 0, 1, 0,  //
                                                         3.0f, 1, 0, 0,  //
                                                         4.0f, 0, 0, 1}));
    }

    void mostlyTextColumnIsCategorical() {
        // One number among words is a category like the others, not a typo.
        const auto d = nw::loadCsvDataset(write("mixed.csv", "kind,y\ncat,1\ndog,2\n42,3\nbird,4\n"), {});
        const auto schema = nw::TabularSchema::fromJson(d.tabularSchema);
        QCOMPARE(schema.features[0].categories, (std::vector<std::string>{"42", "bird", "cat", "dog"}));
    }

    void missingError() {
        QVERIFY(loadFails("missing.csv", "a,b,c\n1,x,5\n2,NA,6\n", {"line 3", "column 2 ('b')", "--missing", "drop", "mean"}));
        QVERIFY(loadFails("missing-empty.csv", "a,b,c\n1,2,5\n,3,6\n", {"line 3", "column 1 ('a')"}));
    }

    void missingDrop() {
        nw::CsvOptions options;
        options.missing = "drop";
        const auto d = nw::loadCsvDataset(write("drop.csv", "a,b,y\n1,x,5\n?,x,6\n3,,7\n4,y,null\n5,y,8\n"), options);
        QCOMPARE(d.train.size(), std::size_t{2});
        QCOMPARE(d.train.targets(), (std::vector<float>{5, 8}));
        QCOMPARE(allValues(d.train), (std::vector<float>{1, 1, 0, 5, 0, 1}));
        QVERIFY(!nw::TabularSchema::fromJson(d.tabularSchema).fillMissing);
        QVERIFY(loadFails("drop-all.csv", "a,y\n,1\n2,NaN\n", {"every one of the 2 rows", "no data"}, options));
    }

    void missingMean() {
        nw::CsvOptions options;
        options.missing = "mean";
        const auto d = nw::loadCsvDataset(write("mean.csv", "a,c,y\n1,red,5\nNA,blue,6\n5,,7\n6,red,8\n"), options);
        QCOMPARE(d.train.size(), std::size_t{4});
        const float mean = (1.0f + 5.0f + 6.0f) / 3.0f;
        QCOMPARE(allValues(d.train), (std::vector<float>{1, 0, 1,     //
                                                         mean, 1, 0,  //
                                                         5, 0, 1,     // most frequent category: red
                                                         6, 0, 1}));
        const auto schema = nw::TabularSchema::fromJson(d.tabularSchema);
        QVERIFY(schema.fillMissing);
        QCOMPARE(schema.features[0].fill, mean);
        QCOMPARE(schema.features[1].fill, 1.0f);  // index of "red" in {blue, red}
        // The target is never made up.
        QVERIFY(loadFails("mean-target.csv", "a,y\n1,2\n2,\n3,4\n", {"line 3", "column 2 ('y')", "target", "drop"}, options));
    }

    void emptyFile() {
        QVERIFY(loadFails("empty.csv", "", {"empty"}));
        QVERIFY(loadFails("blank.csv", "\xEF\xBB\xBF\n  \r\n\n", {"empty"}));
    }

    void headerWithoutRows() { QVERIFY(loadFails("header-only.csv", "\na,b,c\n\n", {"line 2", "no data rows"})); }

    void raggedRow() {
        QVERIFY(loadFails("ragged.csv", "a,b,c,d,e\n1,2,3,4,5\n\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3\n",
                          {"line 7 has 3 cells but the header has 5"}));
    }

    void nonNumericCellInNumericColumn() {
        std::string text = "id,height,y\n";
        for (int i = 0; i < 12; ++i) text += std::to_string(i) + "," + (i == 7 ? "1.8m" : "1.75") + ",a" + std::to_string(i % 2) + "\n";
        QVERIFY(loadFails("typo.csv", text, {"line 9", "column 2 ('height')", "'1.8m'", "not a finite number"}));
    }

    void missingTargetColumn() {
        nw::CsvOptions options;
        options.target = "species";
        QVERIFY(loadFails("no-target.csv", "a,b,kind\n1,2,x\n3,4,y\n", {"'species'", "does not exist", "a, b, kind"}, options));
        options.target = "3";
        QVERIFY(loadFails("no-target-index.csv", "a,b,kind\n1,2,x\n3,4,y\n", {"index 3", "a, b, kind"}, options));
    }

    void invalidUtf8() {
        QVERIFY(loadFails("latin1.csv", "name,y\ncaf\xE9,1\nna\xC3\xAFve,2\n", {"line 2", "UTF-8", "0xE9"}));
        QVERIFY(loadFails("overlong.csv", "a,y\nx,1\ny,2\n\xC0\xAF,3\n", {"line 4", "UTF-8"}));
        QVERIFY(loadFails("surrogate.csv", "a,y\n\xED\xA0\x80,1\n", {"line 2", "UTF-8"}));
        QVERIFY(loadFails("truncated-utf8.csv", "a,y\nx,1\ny,\xE2\x82", {"line 3", "UTF-8"}));
    }

    void unterminatedQuote() {
        QVERIFY(loadFails("open-quote.csv", "a,b\n1,2\n3,\"never closed\n4,5\n", {"line 3", "column 2", "never closed"}));
        QVERIFY(loadFails("after-quote.csv", "a,b\n1,\"x\"y\n", {"line 2", "after the closing quote"}));
    }

    void badHeaderNames() {
        QVERIFY(loadFails("dup.csv", "a,b,a\n1,2,3\n", {"line 1", "columns 1 and 3", "'a'", "unique"}));
        QVERIFY(loadFails("dup-trimmed.csv", "a, b ,\"b\"\n1,2,3\n", {"columns 2 and 3"}));
        QVERIFY(loadFails("unnamed.csv", "a,,c\n1,2,3\n", {"line 1", "column 2", "no name"}));
        // The header is judged before the rows below it.
        QVERIFY(loadFails("dup-ragged.csv", "\nx,y,x\n1,2\n", {"line 2", "columns 1 and 3"}));
    }

    void singleClassTarget() {
        QVERIFY(loadFails("one-class.csv", "a,y\n1,yes\n2,yes\n3,yes\n", {"column 2 ('y')", "only one class", "'yes'"}));
    }

    void textTargetAsRegression() {
        nw::CsvOptions options;
        options.task = "regression";
        QVERIFY(loadFails("text-reg.csv", "a,y\n1,low\n2,high\n", {"column 2 ('y')", "text", "'low'", "regression"}, options));
    }

    void badOptions() {
        const std::string p = write("ok.csv", kIris);
        nw::CsvOptions options;
        options.task = "clustering";
        QVERIFY(throwsWith<nw::Error>([&] { nw::loadCsvDataset(p, options); }, {"clustering", "regression"}));
        options = {};
        options.missing = "zero";
        QVERIFY(throwsWith<nw::Error>([&] { nw::loadCsvDataset(p, options); }, {"zero", "drop"}));
        QVERIFY(throwsWith<nw::FileFormatError>([&] { nw::readCsvTable(p + ".absent"); }, {"no such file"}));
    }

    void encodeForSchema() {
        nw::CsvOptions options;
        options.missing = "mean";
        const auto d = nw::loadCsvDataset(write("train.csv", "size,colour,label\n1,red,a\n3,green,b\n5,red,b\n"), options);
        const auto schema = nw::TabularSchema::fromJson(d.tabularSchema);
        // Columns reordered, an extra column, no target, a tab separator, missing cells filled.
        const std::string p = write("predict.tsv", "note\tcolour\tsize\nhi\tgreen\t2\n\n\tred\t\nx\t?\t7\n");
        const auto rows = nw::encodeCsvForSchema(p, schema);
        QCOMPARE(rows.size(), std::size_t{3});
        QCOMPARE(rows[0].line, 2);
        QCOMPARE(rows[0].values, (std::vector<float>{2, 1, 0}));
        QCOMPARE(rows[1].line, 4);
        QCOMPARE(rows[1].values, (std::vector<float>{3, 0, 1}));  // size: the training mean
        QCOMPARE(rows[2].values, (std::vector<float>{7, 0, 1}));  // colour: the most frequent
        // Rows encoded for prediction match the training encoding exactly.
        const auto again = nw::encodeCsvForSchema(write("train-again.csv", "size,colour,label\n1,red,a\n3,green,b\n5,red,b\n"), schema);
        QCOMPARE(again[2].values, d.train.rawSample(2));
    }

    void encodeForSchemaErrors() {
        const auto d = nw::loadCsvDataset(write("train2.csv", "size,colour,label\n1,red,a\n3,green,b\n"), {});
        const auto schema = nw::TabularSchema::fromJson(d.tabularSchema);
        const std::string unknown = write("unknown.csv", "colour,size\nred,1\npurple,2\n");
        QVERIFY(throwsWith<nw::FileFormatError>([&] { nw::encodeCsvForSchema(unknown, schema); },
                                                {unknown.c_str(), "line 3", "column 1 ('colour')", "'purple'", "green, red"}));
        const std::string absent = write("absent.csv", "size,label\n1,a\n");
        QVERIFY(throwsWith<nw::FileFormatError>([&] { nw::encodeCsvForSchema(absent, schema); },
                                                {absent.c_str(), "line 1", "'colour'", "size, label"}));
        const std::string missing = write("gap.csv", "colour,size\nred,\n");
        QVERIFY(throwsWith<nw::FileFormatError>([&] { nw::encodeCsvForSchema(missing, schema); },
                                                {missing.c_str(), "line 2", "column 2 ('size')", "missing"}));
        const std::string text = write("text.csv", "colour,size\nred,big\n");
        QVERIFY(throwsWith<nw::FileFormatError>([&] { nw::encodeCsvForSchema(text, schema); },
                                                {text.c_str(), "line 2", "column 2 ('size')", "'big'"}));
    }

    void schemaJsonRoundTrip() {
        nw::TabularSchema s;
        s.target = "species";
        s.fillMissing = true;
        s.features = {{"length", false, {}, 2.5f}, {"colour", true, {"blue", "red \"dark\""}, 1.0f}};
        const auto back = nw::TabularSchema::fromJson(nlohmann::json::parse(s.toJson().dump()));
        QCOMPARE(back.target, s.target);
        QCOMPARE(back.fillMissing, true);
        QCOMPARE(back.features.size(), std::size_t{2});
        QCOMPARE(back.features[0].name, std::string("length"));
        QVERIFY(!back.features[0].categorical);
        QCOMPARE(back.features[0].fill, 2.5f);
        QVERIFY(back.features[1].categorical);
        QCOMPARE(back.features[1].categories, s.features[1].categories);
        QCOMPARE(back.featureWidth(), std::size_t{3});
        QCOMPARE(back.featureNames(), (std::vector<std::string>{"length", "colour=blue", "colour=red \"dark\""}));
    }

    void schemaJsonRejectsMalformed() {
        using nlohmann::json;
        const json good = json::parse(R"({"target":"y","fillMissing":false,"features":[
            {"name":"a","type":"numeric","fill":0},{"name":"c","type":"categorical","categories":["x","y"],"fill":1}]})");
        QCOMPARE(nw::TabularSchema::fromJson(good).featureWidth(), std::size_t{3});
        auto broken = [&](auto edit, const char* fragment) {
            json j = good;
            edit(j);
            return throwsWith<nw::Error>([&] { nw::TabularSchema::fromJson(j); }, {"tabular schema", fragment});
        };
        QVERIFY(throwsWith<nw::Error>([] { nw::TabularSchema::fromJson(json::array()); }, {"object"}));
        QVERIFY(broken([](json& j) { j.erase("target"); }, "target"));
        QVERIFY(broken([](json& j) { j["features"] = json::array(); }, "empty"));
        QVERIFY(broken([](json& j) { j["features"][0]["type"] = "text"; }, "'text'"));
        QVERIFY(broken([](json& j) { j["features"][0]["name"] = 3; }, "name"));
        QVERIFY(broken([](json& j) { j["features"][1]["name"] = "a"; }, "twice"));
        QVERIFY(broken([](json& j) { j["features"][1]["categories"] = json::array({"x", 2}); }, "string"));
        QVERIFY(broken([](json& j) { j["features"][1]["categories"] = json::array({"x", "x"}); }, "twice"));
        QVERIFY(broken([](json& j) { j["features"][1]["fill"] = 2; }, "index"));
        QVERIFY(broken([](json& j) { j["features"][0]["fill"] = "1"; }, "fill"));
        QVERIFY(broken([](json& j) { j["fillMissing"] = 1; }, "fillMissing"));
    }
};

QTEST_APPLESS_MAIN(TestCsvDataset)
#include "test_csv_dataset.moc"
