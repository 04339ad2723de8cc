#!/usr/bin/perl
# A request handler that memoises every response by its URL in a global hash, never evicted.
use strict; use warnings;
my %cache;
sub handle {
    my ($id) = @_;
    my $url = "/api/v1/items/$id";
    $cache{$url} //= "payload " . ("x" x 2000) . " for $id";
    return length $cache{$url};
}
my $total = 0;
$total += handle($_) for 1 .. 60000;
print "$total\n";
