class Cart:
    def __init__(self, user):
        self.user = user
        self.items = [("sku-%d" % i, i * 3) for i in range(20)]
        self.note = "cart of " + user * 4
