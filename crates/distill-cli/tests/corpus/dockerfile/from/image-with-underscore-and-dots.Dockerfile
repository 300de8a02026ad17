FROM my_org/my.image-name:v1.2.3_rc1
