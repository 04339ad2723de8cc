// qconn.cpp mended: each request connects its lambda with a context object of its own, which goes
// as the request ends and takes the connection (and the lambda) with it.
#include <QCoreApplication>
#include <QString>
#include <QTimer>
#include <cstdio>

static long seen = 0;

void handleRequest(QTimer& heartbeat, int id)
{
    QString payload = QString(300, QLatin1Char('x')) + QString::number(id);
    QObject context;
    QObject::connect(&heartbeat, &QTimer::timeout, &context, [payload]() { seen += payload.size(); });
}

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QTimer heartbeat;
    for (int i = 0; i < 50000; ++i)
        handleRequest(heartbeat, i);
    std::printf("%ld\n", seen);
    return 0;
}
