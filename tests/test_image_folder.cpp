// Image folders (layouts, channels, sizes, exact pixels, damaged files, errors) and the
// random image augmentation applied to training batches. The test images are written by
// hand (BMP directly, PNG through zlib) so the suite needs no image library of its own.
#include <QtTest>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>
#include <zlib.h>

#include "ExpectError.h"
#include "ImageFiles.h"
#include "common/Error.h"
#include "common/Random.h"
#include "data/ImageAugmentation.h"
#include "data/ImageFolderDataset.h"

using namespace nw;
namespace fs = std::filesystem;

using namespace nw::testing;

namespace {

std::vector<float> plane(const SampleSet& set, std::size_t i, int c) {
    const auto raw = set.rawSample(i);
    const std::size_t size = static_cast<std::size_t>(set.sampleShape()[1]) * set.sampleShape()[2];
    return {raw.begin() + c * size, raw.begin() + (c + 1) * size};
}

Dataset load(const fs::path& root, int width = 0, int height = 0, int channels = 0) {
    ImageFolderOptions o;
    o.width = width;
    o.height = height;
    o.channels = channels;
    return loadImageFolder(root.string(), o);
}

// One bright pixel at (x, y) in a 1x1xHxW batch of n images.
Tensor dots(int n, int size, int x, int y) {
    Tensor t({n, 1, size, size});
    t.setZero();
    for (int i = 0; i < n; ++i) t[static_cast<std::size_t>(i) * size * size + y * size + x] = 1.0f;
    return t;
}

std::vector<float> values(const Tensor& t) { return {t.data(), t.data() + t.size()}; }

}  // namespace

class ImageFolderTest : public QObject {
    Q_OBJECT
private slots:
    void init() { QVERIFY(dir_.isValid()); }

    // --- image folders -----------------------------------------------------------------

    void flatLayoutWithThreeClasses() {
        const fs::path root = path("flowers");
        writePng(root / "tulip" / "a.png", gray(8, 6, 10));
        writePng(root / "tulip" / "b.PNG", gray(8, 6, 11));  // extensions in any case
        writeBmp(root / "rose" / "a.bmp", gray(8, 6, 20));
        writePng(root / "daisy" / "nested" / "deep.png", gray(8, 6, 30));  // sub-folders of a class count
        writeFile(root / "tulip" / "notes.txt", {'h', 'i'});
        writeJunk(root / "tulip" / ".hidden.png");     // hidden: never read, so not counted as skipped
        writePng(root / ".cache" / "x.png", gray(8, 6, 40));  // hidden folder: not a class
        writePng(root / "loose.png", gray(8, 6, 50));         // not in a class folder

        std::vector<double> progress;
        ImageFolderOptions o;
        o.progress = [&](double f) { progress.push_back(f); };
        const Dataset d = loadImageFolder(root.string(), o);
        QCOMPARE(d.name, std::string("flowers"));
        QCOMPARE(d.task, Task::Classification);
        QCOMPARE(d.classNames, (std::vector<std::string>{"daisy", "rose", "tulip"}));
        QCOMPARE(d.sampleShape, (Shape{1, 6, 8}));
        QCOMPARE(d.train.sampleShape(), d.sampleShape);
        QVERIFY(d.train.isBytes());
        QCOMPARE(d.train.targets(), (std::vector<float>{0, 1, 2, 2}));
        QCOMPARE(d.train.rawSample(0)[0], 30.0f);
        QCOMPARE(d.train.rawSample(1)[0], 20.0f);
        QCOMPARE(d.train.rawSample(2)[0], 10.0f);  // a.png sorts before b.PNG
        QVERIFY(d.validation.empty() && d.test.empty());
        QCOMPARE(d.skippedFiles, std::size_t{0});
        QCOMPARE(d.normalization.scale, std::vector<float>{1.0f / 255.0f});
        QVERIFY(!progress.empty());
        for (std::size_t i = 0; i < progress.size(); ++i) {
            QVERIFY(progress[i] >= 0.0 && progress[i] <= 1.0);
            if (i) QVERIFY(progress[i] >= progress[i - 1]);
        }
        QCOMPARE(progress.back(), 1.0);
        QVERIFY(looksLikeImageFolder(root.string()));
    }

    void trainValidationTestLayout() {
        const fs::path root = path("split");
        writePng(root / "train" / "cat" / "1.png", gray(4, 4, 1));
        writePng(root / "train" / "cat" / "2.png", gray(4, 4, 2));
        writePng(root / "train" / "dog" / "1.png", gray(4, 4, 3));
        writePng(root / "val" / "cat" / "1.png", gray(4, 4, 4));
        writePng(root / "val" / "dog" / "1.png", gray(4, 4, 5));
        writePng(root / "test" / "dog" / "1.png", gray(4, 4, 6));  // a split may lack classes
        writePng(root / "test" / "dog" / "2.png", gray(4, 4, 7));
        const Dataset d = load(root);
        QCOMPARE(d.name, std::string("split"));
        QCOMPARE(d.classNames, (std::vector<std::string>{"cat", "dog"}));
        QCOMPARE(d.train.targets(), (std::vector<float>{0, 0, 1}));
        QCOMPARE(d.validation.targets(), (std::vector<float>{0, 1}));
        QCOMPARE(d.test.targets(), (std::vector<float>{1, 1}));  // dog keeps its training index
        QCOMPARE(d.validation.rawSample(1)[0], 5.0f);
        QCOMPARE(d.test.rawSample(1)[0], 7.0f);
        QCOMPARE(d.test.sampleShape(), (Shape{1, 4, 4}));
        QVERIFY(d.hasTest());
        QVERIFY(looksLikeImageFolder(root.string()));
        QCOMPARE(load(root.string() + "/").name, std::string("split"));  // a trailing slash keeps the name
    }

    void resizesToTheChosenSize() {
        const fs::path root = path("sizes");
        writePng(root / "a" / "1.png", gray(8, 6, 77));
        writeBmp(root / "a" / "2.bmp", gray(3, 5, 99));
        writePng(root / "b" / "1.png", colour(10, 10, 200, 100, 50));
        // Without a size, the first readable image sets it and the rest are resized to it.
        const Dataset first = load(root);
        QCOMPARE(first.sampleShape, (Shape{3, 6, 8}));
        for (float v : plane(first.train, 1, 0)) QCOMPARE(v, 99.0f);  // a flat image stays flat
        // Shrinking (area) and enlarging (linear) keep flat colours exact.
        for (auto [w, h] : {std::pair{4, 3}, std::pair{16, 12}}) {
            const Dataset d = load(root, w, h);
            QCOMPARE(d.sampleShape, (Shape{3, h, w}));
            QCOMPARE(d.train.size(), std::size_t{3});
            for (float v : plane(d.train, 0, 2)) QCOMPARE(v, 77.0f);
            for (float v : plane(d.train, 2, 0)) QCOMPARE(v, 200.0f);
            for (float v : plane(d.train, 2, 2)) QCOMPARE(v, 50.0f);
        }
    }

    void channelsFollowTheImagesUnlessForced() {
        const fs::path grays = path("grays");
        writePng(grays / "a" / "1.png", grayPattern(5, 4));
        writeBmp(grays / "b" / "1.bmp", grayPattern(5, 4));
        writePng(grays / "b" / "2.png", colour(5, 4, 60, 60, 60));  // RGB file, gray content
        QCOMPARE(load(grays).sampleShape, (Shape{1, 4, 5}));
        QCOMPARE(load(grays).train.rawSample(2)[0], 60.0f);

        const fs::path mixed = path("mixed");
        writePng(mixed / "a" / "1.png", grayPattern(5, 4));
        writeBmp(mixed / "a" / "2.bmp", grayPattern(5, 4));
        writePng(mixed / "b" / "1.png", colour(5, 4, 10, 20, 30));
        writeBmp(mixed / "b" / "2.bmp", colour(5, 4, 40, 50, 60));
        writeBmp(mixed / "c" / "1.bmp", grayPattern(5, 4));  // gray again after the first colour
        const Dataset d = load(mixed);
        QCOMPARE(d.sampleShape, (Shape{3, 4, 5}));
        // Gray images read before and after the first colour one repeat their plane.
        for (std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{4}}) {
            QCOMPARE(plane(d.train, i, 0), plane(d.train, i, 1));
            QCOMPARE(plane(d.train, i, 1), plane(d.train, i, 2));
            QCOMPARE(plane(d.train, i, 0)[6], static_cast<float>(17 + 6 * 7));
        }
        // RGB order in the planes, whatever order the file stores.
        QCOMPARE(plane(d.train, 2, 0)[0], 10.0f);
        QCOMPARE(plane(d.train, 2, 1)[0], 20.0f);
        QCOMPARE(plane(d.train, 2, 2)[0], 30.0f);
        QCOMPARE(plane(d.train, 3, 0)[7], 40.0f);
        QCOMPARE(plane(d.train, 3, 2)[7], 60.0f);

        const Dataset forcedGray = load(mixed, 0, 0, 1);
        QCOMPARE(forcedGray.sampleShape, (Shape{1, 4, 5}));
        QCOMPARE(forcedGray.train.rawSample(0)[6], static_cast<float>(17 + 6 * 7));
        const float luma = 0.299f * 10 + 0.587f * 20 + 0.114f * 30;
        QVERIFY(std::abs(forcedGray.train.rawSample(2)[0] - luma) <= 1.0f);

        const Dataset forcedColour = load(grays, 0, 0, 3);
        QCOMPARE(forcedColour.sampleShape, (Shape{3, 4, 5}));
        QCOMPARE(plane(forcedColour.train, 0, 2)[6], static_cast<float>(17 + 6 * 7));
    }

    void unresizedGrayPixelsSurviveExactly() {
        const fs::path root = path("exact");
        const Image pattern = grayPattern(5, 3);  // odd width: BMP rows carry padding
        writeBmp(root / "bmp" / "1.bmp", pattern);
        writePng(root / "png" / "1.png", pattern);
        const Dataset d = load(root);
        QCOMPARE(d.sampleShape, (Shape{1, 3, 5}));
        for (std::size_t i = 0; i < 2; ++i) {
            const auto raw = d.train.rawSample(i);
            QCOMPARE(raw[1 * 5 + 3], static_cast<float>(pattern.at(3, 1)));  // row 1, column 3
            for (int k = 0; k < 15; ++k) QCOMPARE(raw[k], static_cast<float>(pattern.pixels[k]));
        }
    }

    void damagedFilesAreSkippedAndCounted() {
        const fs::path root = path("damaged");
        writePng(root / "a" / "1.png", gray(4, 4, 1));
        writeJunk(root / "a" / "2.png");
        writeJunk(root / "a" / "3.jpg", 10);
        writePng(root / "b" / "1.png", gray(4, 4, 2));
        const Dataset d = load(root);
        QCOMPARE(d.train.size(), std::size_t{2});
        QCOMPARE(d.train.targets(), (std::vector<float>{0, 1}));
        QCOMPARE(d.skippedFiles, std::size_t{2});
    }

    void unusableFoldersAreRefused() {
        using testing::throwsWith;
        const std::string missing = path("missing").string();
        QVERIFY(throwsWith<FileFormatError>([&] { load(missing); }, {missing.c_str(), "no such folder"}));
        const fs::path file = path("file.png");
        writePng(file, gray(2, 2, 0));
        QVERIFY(throwsWith<FileFormatError>([&] { load(file); }, {file.string().c_str(), "not a folder"}));

        const fs::path empty = path("empty");
        fs::create_directories(empty / ".git");
        writePng(empty / "loose.png", gray(2, 2, 0));
        QVERIFY(throwsWith<FileFormatError>([&] { load(empty); }, {empty.string().c_str(), "no class sub-folders"}));

        const fs::path emptyClass = path("empty-class");
        writePng(emptyClass / "a" / "1.png", gray(2, 2, 0));
        writeFile(emptyClass / "b" / "readme.txt", {'x'});
        const std::string b = (emptyClass / "b").string();
        QVERIFY(throwsWith<FileFormatError>([&] { load(emptyClass); }, {b.c_str(), "holds no images"}));
        try {
            load(emptyClass);
        } catch (const FileFormatError& e) {
            QCOMPARE(e.path(), b);
        }

        const fs::path onlyJunk = path("only-junk");
        writePng(onlyJunk / "a" / "1.png", gray(2, 2, 0));
        writeJunk(onlyJunk / "b" / "1.png");
        const std::string junkClass = (onlyJunk / "b").string();
        QVERIFY(throwsWith<FileFormatError>([&] { load(onlyJunk); }, {junkClass.c_str(), "could be decoded"}));

        const fs::path unknown = path("unknown-class");
        writePng(unknown / "train" / "cat" / "1.png", gray(2, 2, 0));
        writePng(unknown / "test" / "zebra" / "1.png", gray(2, 2, 0));
        const std::string zebra = (unknown / "test" / "zebra").string();
        QVERIFY(throwsWith<FileFormatError>([&] { load(unknown); }, {zebra.c_str(), "'zebra'", "cat"}));

        const fs::path noTrainClasses = path("no-train-classes");
        fs::create_directories(noTrainClasses / "train");
        QVERIFY(throwsWith<FileFormatError>([&] { load(noTrainClasses); },
                                            {(noTrainClasses / "train").string().c_str(), "no class sub-folders"}));

        const fs::path good = path("good");
        writePng(good / "a" / "1.png", gray(2, 2, 0));
        QVERIFY(throwsWith<Error>([&] { load(good, 0, 0, 2); }, {"channels", "got 2"}));
        QVERIFY(throwsWith<Error>([&] { load(good, 8, 0); }, {"size", "8x0"}));
        QVERIFY(throwsWith<Error>([&] { load(good, -1, -1); }, {"size"}));
    }

    void recognisesImageFolders() {
        QVERIFY(!looksLikeImageFolder(path("nothing-here").string()));
        const fs::path files = path("just-files");
        writePng(files / "1.png", gray(2, 2, 0));
        QVERIFY(!looksLikeImageFolder(files.string()));
        const fs::path idx = path("idx");
        writeFile(idx / "train-images-idx3-ubyte", {0, 0, 8, 3});
        QVERIFY(!looksLikeImageFolder(idx.string()));
        const fs::path texts = path("texts");
        writeFile(texts / "a" / "notes.txt", {'x'});
        QVERIFY(!looksLikeImageFolder(texts.string()));
        const fs::path flat = path("flat");
        writeBmp(flat / "a" / "1.bmp", gray(2, 2, 0));
        QVERIFY(looksLikeImageFolder(flat.string()));
        const fs::path split = path("train-only");
        fs::create_directories(split / "train" / "a");
        QVERIFY(looksLikeImageFolder(split.string()));
    }

    // --- augmentation --------------------------------------------------------------------

    void parsesAugmentationText() {
        const auto s = AugmentationSettings::parse("shift=2,rotate=10,scale=0.1");
        QCOMPARE(s.maxShift, 2.0);
        QCOMPARE(s.maxRotation, 10.0);
        QCOMPARE(s.maxScale, 0.1);
        QVERIFY(s.enabled());
        const auto t = AugmentationSettings::parse(" scale = 0.25 , shift=1.5");
        QCOMPARE(t.maxShift, 1.5);
        QCOMPARE(t.maxRotation, 0.0);
        QCOMPARE(t.maxScale, 0.25);
        QVERIFY(!AugmentationSettings::parse("").enabled());
        QVERIFY(!AugmentationSettings::parse("shift=0").enabled());
        QCOMPARE(AugmentationSettings::parse("rotate=180,shift=100").maxRotation, 180.0);

        using testing::throwsWith;
        auto bad = [](const char* text, std::initializer_list<const char*> fragments) {
            return throwsWith<Error>([&] { AugmentationSettings::parse(text); }, fragments);
        };
        QVERIFY(bad("shift=2,zoom=3", {"'zoom=3'", "unknown setting 'zoom'", "shift, rotate or scale"}));
        QVERIFY(bad("shift=two", {"'shift=two'", "'two' is not a number"}));
        QVERIFY(bad("rotate=10deg", {"'10deg' is not a number"}));
        QVERIFY(bad("scale=", {"'scale='", "not a number"}));
        QVERIFY(bad("shift=-1", {"'shift=-1'", "negative"}));
        QVERIFY(bad("rotate=181", {"'rotate=181'", "180"}));
        QVERIFY(bad("scale=1", {"'scale=1'", "below 1"}));
        QVERIFY(bad("shift=101", {"'shift=101'", "100"}));
        QVERIFY(bad("shift=nan", {"'shift=nan'"}));
        QVERIFY(bad("shift", {"'shift'", "KEY=VALUE"}));
        QVERIFY(bad("shift=1,,rotate=2", {"empty part"}));
        QVERIFY(bad("shift=1,shift=2", {"given twice"}));
    }

    void augmentationJsonRoundTrips() {
        const auto s = AugmentationSettings::parse("shift=3,rotate=12.5,scale=0.2");
        const auto back = AugmentationSettings::fromJson(s.toJson());
        QCOMPARE(back.maxShift, s.maxShift);
        QCOMPARE(back.maxRotation, s.maxRotation);
        QCOMPARE(back.maxScale, s.maxScale);
        QVERIFY(!AugmentationSettings::fromJson(AugmentationSettings{}.toJson()).enabled());
        QCOMPARE(AugmentationSettings::fromJson(nlohmann::json{{"rotate", 5}}).maxRotation, 5.0);

        using testing::throwsWith;
        QVERIFY(throwsWith<Error>([] { AugmentationSettings::fromJson({{"zoom", 1}}); }, {"unknown setting 'zoom'"}));
        QVERIFY(throwsWith<Error>([] { AugmentationSettings::fromJson({{"shift", "2"}}); }, {"shift", "expected a number"}));
        QVERIFY(throwsWith<Error>([] { AugmentationSettings::fromJson({{"scale", 1.5}}); }, {"scale", "below 1"}));
        QVERIFY(throwsWith<Error>([] { AugmentationSettings::fromJson(nlohmann::json::array()); }, {"expected an object"}));
    }

    void disabledAugmentationChangesNothing() {
        Tensor batch = dots(3, 9, 2, 5);
        const auto before = values(batch);
        ImageAugmenter none(AugmentationSettings{}, 1);
        none.apply(batch);
        QCOMPARE(values(batch), before);
        Tensor flat({4, 2});  // not even images: disabled means untouched
        none.apply(flat);

        ImageAugmenter on(AugmentationSettings::parse("shift=1"), 1);
        QVERIFY(testing::throwsWith<Error>([&] { on.apply(flat); }, {"rank 2"}));
    }

    void shiftMovesAPixelAtMostTheShift() {
        const int size = 15, n = 40;
        Tensor batch = dots(n, size, 7, 7);
        ImageAugmenter augmenter(AugmentationSettings::parse("shift=2"), 3);
        augmenter.apply(batch);
        int moved = 0;
        for (int i = 0; i < n; ++i) {
            const float* image = batch.data() + static_cast<std::size_t>(i) * size * size;
            const auto peak = std::max_element(image, image + size * size) - image;
            const int x = static_cast<int>(peak % size), y = static_cast<int>(peak / size);
            QVERIFY2(std::abs(x - 7) <= 2 && std::abs(y - 7) <= 2, qPrintable(QString("image %1 peak at %2,%3").arg(i).arg(x).arg(y)));
            if (x != 7 || y != 7) ++moved;
            double sum = 0;
            for (int k = 0; k < size * size; ++k) sum += image[k];
            QVERIFY2(std::abs(sum - 1.0) < 1e-3, qPrintable(QString("image %1 sums to %2").arg(i).arg(sum)));
        }
        QVERIFY(moved > n / 2);
    }

    void sameSeedSameWarps() {
        const auto settings = AugmentationSettings::parse("shift=2,rotate=15,scale=0.1");
        auto run = [&](std::uint64_t seed) {
            Tensor batch({4, 3, 12, 12});
            for (std::size_t k = 0; k < batch.size(); ++k) batch[k] = static_cast<float>((k * 37) % 11);
            ImageAugmenter augmenter(settings, seed);
            augmenter.apply(batch);
            augmenter.apply(batch);  // buffers reused on the second batch
            return values(batch);
        };
        QCOMPARE(run(5), run(5));
        QVERIFY(run(5) != run(6));
    }

    void channelsShareOneWarp() {
        Tensor batch({2, 3, 10, 10});
        for (std::size_t k = 0; k < batch.size(); ++k) batch[k] = static_cast<float>(k % 100);  // all planes alike
        ImageAugmenter augmenter(AugmentationSettings::parse("shift=3,rotate=30,scale=0.2"), 8);
        augmenter.apply(batch);
        for (int i = 0; i < 2; ++i)
            for (int c = 1; c < 3; ++c)
                for (int k = 0; k < 100; ++k) QCOMPARE(batch[(i * 3 + c) * 100 + k], batch[(i * 3) * 100 + k]);
    }

    void rotationTurnsAboutTheCentre() {
        // A radially symmetric image: any rotation about the centre keeps the centre pixel,
        // whatever angle in [-90, 90] was drawn.
        const int size = 11, n = 20;
        Tensor batch({n, 1, size, size});
        for (int i = 0; i < n; ++i)
            for (int y = 0; y < size; ++y)
                for (int x = 0; x < size; ++x)
                    batch[(static_cast<std::size_t>(i) * size + y) * size + x] =
                        std::exp(-0.1f * static_cast<float>((x - 5) * (x - 5) + (y - 5) * (y - 5)));
        ImageAugmenter augmenter(AugmentationSettings::parse("rotate=90"), 2);
        augmenter.apply(batch);
        for (int i = 0; i < n; ++i) {
            const std::size_t centre = static_cast<std::size_t>(i) * size * size + 5 * size + 5;
            QVERIFY2(std::abs(batch[centre] - 1.0f) < 1e-4f, qPrintable(QString("image %1: %2").arg(i).arg(batch[centre])));
        }
        // A dot 4 pixels right of the centre turns by at most 90 degrees either way, so it
        // never reaches the left half; and it does turn.
        Tensor dot = dots(n, size, 9, 5);
        ImageAugmenter(AugmentationSettings::parse("rotate=90"), 2).apply(dot);
        int turned = 0;
        for (int i = 0; i < n; ++i) {
            const float* image = dot.data() + static_cast<std::size_t>(i) * size * size;
            const auto peak = std::max_element(image, image + size * size) - image;
            const int x = static_cast<int>(peak % size), y = static_cast<int>(peak / size);
            QVERIFY2(x >= 4, qPrintable(QString("image %1 peak at %2,%3").arg(i).arg(x).arg(y)));
            if (y != 5) ++turned;
        }
        QVERIFY(turned > n / 2);
    }

private:
    fs::path path(const std::string& name) const { return fs::path(dir_.path().toStdString()) / name; }
    QTemporaryDir dir_;
};

QTEST_APPLESS_MAIN(ImageFolderTest)
#include "test_image_folder.moc"
