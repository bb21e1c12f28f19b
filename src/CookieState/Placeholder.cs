class Placeholder{}
