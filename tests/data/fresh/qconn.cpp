// A service that, for every request, connects a lambda to a long-lived timer's timeout signal and
// never disconnects it: Qt keeps each connection, with its lambda's captures, as long as the
// timer lives.
#include <QCoreApplication>
#include <QString>
#include <QTimer>
#include <cstdio>

static long seen = 0;

void handleRequest(QTimer& heartbeat, int id)
{
    QString payload = QString(300, QLatin1Char('x')) + QString::number(id);
    QObject::connect(&heartbeat, &QTimer::timeout, [payload]() { seen += payload.size(); });
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
