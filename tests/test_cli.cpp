#include <QtTest>
class S : public QObject { Q_OBJECT private slots: void t() { QVERIFY(true); } };
QTEST_APPLESS_MAIN(S)
#include "test_cli.moc"
