// A Qt service: each request creates a Session QObject with no parent (never deleted) holding a
// QByteArray; a QHash cache of rendered pages is bounded at 300 entries; per-request QStrings.
#include <QCoreApplication>
#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QThread>
#include <cstdio>

class Session : public QObject {
public:
    explicit Session(int id) : buffer(2048, char('a' + id % 26)) { setObjectName(QStringLiteral("session-%1").arg(id)); }
    QByteArray buffer;
};

static QHash<int, QString> cache;

QString render(int key)
{
    return QString(1500, QChar(u'x')) + QString::number(key);
}

void handle(int id)
{
    new Session(id); // leaked: no parent, never deleted
    const int key = id * 7919 % 2000;
    if (!cache.contains(key)) {
        if (cache.size() >= 300)
            cache.erase(cache.begin());
        cache.insert(key, render(key));
    }
    QString log = QStringLiteral("request %1 for %2").arg(id).arg(key);
    (void)log;
}

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    for (int round = 0; round < 30; ++round) {
        for (int r = 0; r < 200; ++r)
            handle(round * 200 + r);
        QThread::msleep(20);
    }
    std::printf("%lld\n", (long long)cache.size());
}
